package dev.runnerlint.source;

import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.reference.RegistryReference;
import dev.runnerlint.source.ImageReadException.Kind;
import dev.runnerlint.source.registry.CredentialStore;
import dev.runnerlint.source.registry.Deadline;
import dev.runnerlint.source.registry.HttpTransport;
import dev.runnerlint.source.registry.Proxies;
import dev.runnerlint.source.registry.RegistryClient;
import dev.runnerlint.source.registry.RegistryException;
import dev.runnerlint.source.registry.Trust;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * An image in a registry, read with {@link RegistryClient}: anonymous, Basic or Bearer-token auth
 * with credentials from Docker's and podman's files and helpers; plain HTTP only for loopback and
 * named insecure registries; retries, timeouts, proxies and private CAs as {@link SourceOptions}
 * say.
 *
 * <p>Manifests are read as bytes, whose digest is computed here and checked against the pinned
 * digest or the index entry (and the registry's Docker-Content-Digest) before they are parsed.
 * Blobs are verified while they stream ({@link VerifyingInputStream}, hashing on a read-ahead
 * thread); a blob resumed after a network break is verified as the one stream the reader saw.
 */
final class RegistrySource implements ImageSource {

  private static final int MAX_MANIFEST_SIZE = 4 << 20;
  private static final List<String> ACCEPT =
      List.of(
          MediaTypes.OCI_INDEX,
          MediaTypes.OCI_MANIFEST,
          MediaTypes.DOCKER_MANIFEST_LIST,
          MediaTypes.DOCKER_MANIFEST);

  private final RegistryReference reference;
  private final SourceOptions options;
  private RegistryClient client;

  RegistrySource(RegistryReference reference, SourceOptions options) {
    this.reference = reference;
    this.options = options;
  }

  @Override
  public String name() {
    return reference.toString();
  }

  /** Whether {@code registry} (host[:port]) may be reached without TLS verification. */
  private boolean insecure(String registry) {
    String host =
        registry.startsWith("[")
            ? registry.substring(0, registry.indexOf(']') + 1)
            : registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
    String h = host.toLowerCase(java.util.Locale.ROOT);
    return options.isInsecure(registry, host)
        || h.equals("localhost")
        || h.equals("[::1]")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private synchronized RegistryClient client() throws ImageReadException {
    if (client != null) {
      return client;
    }
    Proxies proxies;
    try {
      proxies = Proxies.fromEnvironment(options.environment());
    } catch (RegistryException e) {
      throw new ImageReadException(Kind.NETWORK, name(), e.getMessage(), e);
    }
    Deadline deadline = options.timeout().map(Deadline::after).orElse(Deadline.none());
    HttpTransport http =
        new HttpTransport(
            options.http(),
            proxies,
            new Trust(options.certsD(), options.certDir()),
            this::insecure,
            deadline,
            options.debug(),
            options.userAgent());
    client =
        new RegistryClient(
            reference.registry(),
            reference.jibRegistry(),
            reference.name(),
            reference.isLoopback(),
            options.isInsecure(reference.registry(), reference.host()),
            http,
            CredentialStore.of(
                options.authFile(), options.dockerConfigFile(), options.environment()));
    return client;
  }

  private ImageReadException failure(RegistryException e) {
    Kind kind =
        switch (e.reason()) {
          case NOT_FOUND -> Kind.NOT_FOUND;
          case UNAUTHORIZED, CREDENTIALS -> Kind.UNAUTHORIZED;
          default -> Kind.NETWORK;
        };
    return new ImageReadException(kind, name(), e.getMessage(), e);
  }

  @Override
  public List<PlatformImage> resolve(PlatformSelector selector) throws ImageReadException {
    String qualifier = reference.qualifier();
    Optional<Digest> pinned = reference.digest().map(Digest::parse);
    Raw root = rawManifest(qualifier, pinned, -1);
    return new ManifestResolver(name(), reference.repository(), fetcher())
        .resolve(root.digest(), root.bytes(), root.contentType(), selector);
  }

  /** Manifest bytes, their digest and the Content-Type the registry gave them. */
  private record Raw(byte[] bytes, Digest digest, String contentType) {}

  /**
   * The manifest named {@code qualifier}. The bytes must match {@code expected} when given (and
   * {@code size}, when >= 0), and the Docker-Content-Digest the registry sent.
   */
  private Raw rawManifest(String qualifier, Optional<Digest> expected, long size)
      throws ImageReadException {
    String what = "manifest " + qualifier;
    RegistryClient.Manifest m;
    try {
      m = client().manifest(qualifier, ACCEPT, MAX_MANIFEST_SIZE);
    } catch (RegistryException e) {
      if (e.getMessage().endsWith("is larger than 4 MiB")) {
        throw new ImageReadException(Kind.UNSUPPORTED, name(), e.getMessage(), e);
      }
      throw failure(e);
    }
    byte[] bytes = m.bytes();
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
    Optional<String> claimed = m.digestHeader();
    if (claimed.isPresent()
        && claimed.get().startsWith(digest.algorithm() + ":")
        && !claimed.get().equals(digest.toString())) {
      throw mismatch(what, Digest.parse(claimed.get()), digest);
    }
    return new Raw(bytes, digest, m.contentType());
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
        String what = "blob " + d.digest();
        try (InputStream in = openBlob(d)) {
          return in.readAllBytes();
        } catch (BlobVerificationException e) {
          throw new ImageReadException(Kind.DIGEST_MISMATCH, name(), e.getMessage(), e);
        } catch (RegistryException e) {
          throw failure(e);
        } catch (IOException e) {
          throw new ImageReadException(
              Kind.NETWORK, name(), "cannot read " + what + ": " + e.getMessage(), e);
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
    String what = "blob " + blob.digest();
    if (!blob.digest().algorithm().equals("sha256")
        && !blob.digest().algorithm().equals("sha512")) {
      throw new ImageReadException(
          Kind.UNSUPPORTED, name(), "unsupported digest algorithm in " + blob.digest());
    }
    InputStream raw;
    try {
      raw = client().blob(blob.digest().toString(), blob.size());
    } catch (RegistryException e) {
      throw failure(e);
    }
    return BlobPipe.readAhead(
        new VerifyingInputStream(
            raw, blob.digest(), blob.size(), what + " from " + reference.registry()),
        blob.size(),
        what);
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}
