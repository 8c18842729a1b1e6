package dev.runnerlint.source;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import com.google.cloud.tools.jib.registry.RegistryClient;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.reference.RegistryReference;
import dev.runnerlint.source.ImageReadException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Optional;

/**
 * An image in a registry, read with Jib Core's {@link RegistryClient}: anonymous, basic or bearer
 * auth with the Docker config's credentials; plain HTTP only for loopback and named insecure
 * registries.
 *
 * <p>Manifests: Jib's {@code pullManifest} does the auth flow and computes the digest of the bytes
 * it received, but it keeps no bytes and, when asked for a digest, does not compare it. So the
 * manifest request Jib made is replayed by digest to get the exact bytes, which are checked
 * against Jib's digest (and the pinned digest, if any) before they are parsed. Blobs: Jib's {@code
 * pullBlob} checks the digest when the download ends; {@link BlobPipe} carries that verdict to the
 * reader of the stream.
 */
final class RegistrySource implements ImageSource {

  private static final long MAX_MANIFEST_SIZE = 4L << 20;

  private final RegistryReference reference;
  private final SourceOptions options;
  private RecordingHttpClient http;
  private RegistryClient client;
  private RegistryErrors errors;

  RegistrySource(RegistryReference reference, SourceOptions options) {
    this.reference = reference;
    this.options = options;
  }

  @Override
  public String name() {
    return reference.toString();
  }

  /** Whether requests may use plain HTTP and send credentials over it. */
  boolean insecure() {
    return reference.isLoopback() || options.isInsecure(reference.registry(), reference.host());
  }

  private synchronized RegistryClient client() throws ImageReadException {
    if (client != null) {
      return client;
    }
    RegistryCredentials credentials;
    try {
      credentials = RegistryCredentials.lookup(reference, options.dockerConfigFile());
    } catch (CredentialRetrievalException e) {
      throw new ImageReadException(
          Kind.UNAUTHORIZED,
          name(),
          "cannot get credentials from " + options.dockerConfigFile() + ": "
              + RegistryErrors.oneLine(e),
          e);
    }
    errors = new RegistryErrors(reference, credentials);
    http = new RecordingHttpClient(insecure(), e -> {});
    RegistryClient c =
        RegistryClient.factory(EventHandlers.NONE, reference.jibRegistry(), reference.name(), http)
            .setCredential(credentials.credential().orElse(null))
            .setUserAgent(options.userAgent())
            .newRegistryClient();
    try {
      if (!c.doPullBearerAuth() && credentials.credential().isPresent()) {
        c.configureBasicAuth();
      }
    } catch (Exception e) {
      throw errors.map(e, "manifest");
    }
    client = c;
    return c;
  }

  @Override
  public List<PlatformImage> resolve(PlatformSelector selector) throws ImageReadException {
    RegistryClient c = client();
    ManifestAndDigest<?> pulled;
    try {
      pulled = c.pullManifest(reference.qualifier());
    } catch (Exception e) {
      throw errors.map(e, "manifest");
    }
    Digest digest = Digest.parse(pulled.getDigest().toString());
    if (reference.digest().isPresent() && !reference.digest().get().equals(digest.toString())) {
      throw new ImageReadException(
          Kind.DIGEST_MISMATCH,
          name(),
          "digest mismatch for manifest: asked for " + reference.digest().get() + ", got " + digest);
    }
    Raw root = rawManifest(digest, -1);
    return new ManifestResolver(name(), reference.repository(), fetcher())
        .resolve(digest, root.bytes(), root.contentType(), selector);
  }

  /** Manifest bytes and the Content-Type the registry gave them. */
  private record Raw(byte[] bytes, String contentType) {}

  /** Replays Jib's manifest request for {@code digest}; verifies the bytes (and size, if >= 0). */
  private Raw rawManifest(Digest digest, long size) throws ImageReadException {
    RecordingHttpClient.ManifestRequest recorded =
        http.lastManifest()
            .orElseThrow(() -> new IllegalStateException("no manifest request was made yet"));
    String u = recorded.url().toString();
    String base = u.substring(0, u.indexOf("/manifests/") + "/manifests/".length());
    String what = "manifest " + digest;
    try (Response response = http.get(new URL(base + digest), recorded.request())) {
      long limit = size >= 0 ? size : MAX_MANIFEST_SIZE;
      byte[] bytes;
      try (InputStream body = response.getBody()) {
        bytes = body.readNBytes((int) limit + 1);
      }
      if (size < 0 && bytes.length > MAX_MANIFEST_SIZE) {
        throw new ImageReadException(Kind.UNSUPPORTED, name(), what + " is larger than 4 MiB");
      }
      byte[] verified =
          VerifyingInputStream.readAll(
              new ByteArrayInputStream(bytes), digest, size >= 0 ? size : bytes.length, what);
      List<String> type = response.getHeader("Content-Type");
      return new Raw(verified, type == null || type.isEmpty() ? null : type.get(0));
    } catch (BlobVerificationException e) {
      throw new ImageReadException(Kind.DIGEST_MISMATCH, name(), e.getMessage(), e);
    } catch (IOException e) {
      throw errors.map(e, what);
    }
  }

  private ManifestResolver.Fetcher fetcher() {
    return new ManifestResolver.Fetcher() {
      @Override
      public byte[] manifest(Descriptor d) throws ImageReadException {
        return rawManifest(d.digest(), d.size()).bytes();
      }

      @Override
      public byte[] blob(Descriptor d) throws ImageReadException {
        try (InputStream in = openBlob(d)) {
          return in.readAllBytes();
        } catch (BlobVerificationException e) {
          throw new ImageReadException(Kind.DIGEST_MISMATCH, name(), e.getMessage(), e);
        } catch (IOException e) {
          throw errors.map(e, "blob " + d.digest());
        }
      }
    };
  }

  @Override
  public InputStream openBlob(Descriptor blob) throws ImageReadException {
    RegistryClient c = client();
    DescriptorDigest digest;
    try {
      digest = DescriptorDigest.fromDigest(blob.digest().toString());
    } catch (Exception e) {
      throw new ImageReadException(
          Kind.UNSUPPORTED, name(), "unsupported digest algorithm in " + blob.digest());
    }
    String what = "blob " + blob.digest();
    return new BlobPipe(
        out -> c.pullBlob(digest, size -> {}, written -> {}).writeTo(out),
        failure -> blobFailure(failure, blob.digest()),
        blob.size(),
        what);
  }

  private IOException blobFailure(Throwable failure, Digest digest) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().equals("UnexpectedBlobDigestException")) {
        return new BlobVerificationException(
            "digest mismatch for blob " + digest + " from " + reference.registry() + ": "
                + RegistryErrors.oneLine(t));
      }
    }
    ImageReadException mapped = errors.map(failure, "blob " + digest);
    return new IOException(mapped.getMessage(), failure);
  }

  @Override
  public void close() {
    if (http != null) {
      try {
        http.shutDown();
      } catch (IOException e) {
        // connections are being dropped anyway
      }
    }
  }
}
