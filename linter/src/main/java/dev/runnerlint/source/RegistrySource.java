package dev.runnerlint.source;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.registry.RegistryClient;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.reference.RegistryReference;
import dev.runnerlint.source.ImageReadException.Kind;
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
 * it received, but it keeps no bytes, does not compare that digest with one asked for, and its
 * strict templates refuse some valid documents. So the manifest request Jib made (headers and all)
 * is replayed to get the exact bytes, whose digest is computed here and checked against the pinned
 * digest or the index entry (and the registry's Docker-Content-Digest) before they are parsed.
 * Blobs: Jib's {@code pullBlob} checks the digest when the download ends; {@link BlobPipe} carries
 * that verdict to the reader of the stream.
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
          "cannot get credentials from "
              + options.dockerConfigFile()
              + ": "
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
    String qualifier = reference.qualifier();
    try {
      // Jib does the auth flow and the error handling; its parse of the body is not used.
      c.pullManifest(qualifier);
    } catch (Exception e) {
      if (!http.fetched(qualifier)) {
        throw errors.map(e, "manifest");
      }
    }
    Optional<Digest> pinned = reference.digest().map(Digest::parse);
    Raw root = rawManifest(qualifier, pinned, -1);
    return new ManifestResolver(name(), reference.repository(), fetcher())
        .resolve(root.digest(), root.bytes(), root.contentType(), selector);
  }

  /** Manifest bytes, their digest and the Content-Type the registry gave them. */
  private record Raw(byte[] bytes, Digest digest, String contentType) {}

  /**
   * Replays Jib's manifest request for {@code qualifier}. The bytes must match {@code expected}
   * when given (and {@code size}, when >= 0), and the Docker-Content-Digest the registry sent.
   */
  private Raw rawManifest(String qualifier, Optional<Digest> expected, long size)
      throws ImageReadException {
    RecordingHttpClient.ManifestRequest recorded =
        http.lastManifest()
            .orElseThrow(() -> new IllegalStateException("no manifest request was made yet"));
    String u = recorded.url().toString();
    String base = u.substring(0, u.indexOf("/manifests/") + "/manifests/".length());
    String what = "manifest " + qualifier;
    try (Response response = http.get(new URL(base + qualifier), recorded.request())) {
      byte[] bytes;
      try (InputStream body = response.getBody()) {
        bytes = body.readNBytes((int) MAX_MANIFEST_SIZE + 1);
      }
      if (bytes.length > MAX_MANIFEST_SIZE) {
        throw new ImageReadException(Kind.UNSUPPORTED, name(), what + " is larger than 4 MiB");
      }
      Digest digest = Digest.compute(expected.map(Digest::algorithm).orElse("sha256"), bytes);
      if (expected.isPresent() && !expected.get().equals(digest)) {
        throw mismatch(what, expected.get(), digest);
      }
      if (size >= 0 && size != bytes.length) {
        throw new ImageReadException(
            Kind.DIGEST_MISMATCH,
            name(),
            what + " has " + bytes.length + " bytes, its descriptor says " + size);
      }
      List<String> claimed = response.getHeader("Docker-Content-Digest");
      if (claimed != null
          && !claimed.isEmpty()
          && claimed.get(0).startsWith(digest.algorithm() + ":")
          && !claimed.get(0).equals(digest.toString())) {
        throw mismatch(what, Digest.parse(claimed.get(0)), digest);
      }
      List<String> type = response.getHeader("Content-Type");
      return new Raw(bytes, digest, type == null || type.isEmpty() ? null : type.get(0));
    } catch (IOException e) {
      throw errors.map(e, what);
    }
  }

  private ImageReadException mismatch(String what, Digest expected, Digest actual) {
    return new ImageReadException(
        Kind.DIGEST_MISMATCH,
        name(),
        "digest mismatch for " + what + ": expected " + expected + ", got " + actual);
  }

  private ManifestResolver.Fetcher fetcher() {
    return new ManifestResolver.Fetcher() {
      @Override
      public byte[] manifest(Descriptor d) throws ImageReadException {
        return rawManifest(d.digest().toString(), Optional.of(d.digest()), d.size()).bytes();
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
  public boolean concurrentBlobs() {
    return true;
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
            "digest mismatch for blob "
                + digest
                + " from "
                + reference.registry()
                + ": "
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
