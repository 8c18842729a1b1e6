package dev.runnerlint.source.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.reference.DockerDaemonReference;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageReadException.Kind;
import dev.runnerlint.source.ImageSource;
import dev.runnerlint.source.ImageSources;
import dev.runnerlint.source.TarOpener;
import dev.runnerlint.source.registry.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image in the local Docker or Podman daemon ({@code docker-daemon:NAME[:TAG]}, {@code
 * docker-daemon:sha256:ID}), read through the Engine API, in the manner of go-containerregistry's
 * {@code pkg/v1/daemon}: a thin layer over the {@code docker save} reader.
 *
 * <ol>
 *   <li>{@code GET /images/{name}/json}: the image ID, or "no such image";
 *   <li>{@code GET /images/{name}/get}: the {@code docker save} tar of that one image, streamed
 *       into the {@code docker-archive:} reader through a {@link TarOpener}, never written to disk.
 *       Each call of the opener issues the GET again: the reader reads the stream once to index it
 *       (keeping manifests and configs in memory) and once more to stream the layers in archive
 *       order, so an image is read in two GETs at most in the usual case, one when all its files
 *       are small.
 * </ol>
 *
 * <p>API paths are unversioned: a daemon serves them at its own API version (dockerd 20.10 refuses
 * a {@code /v1.50/} path with 400; Podman's compat API is 1.41), and the two calls exist unchanged
 * since API 1.12.
 *
 * <p>The save layout is not assumed: the reader follows {@code manifest.json}'s paths, so Docker's
 * classic layout ({@code <id>/layer.tar}), podman's ({@code <id>/layer.tar} symbolic links to
 * top-level {@code <diff id>.tar}) and Docker 25+'s containerd-store layout ({@code index.json},
 * {@code blobs/sha256/…}) all read. Verification: the config's digest must be the image ID the
 * daemon gave, and each layer is checked against its {@code diff_ids} entry (a compressed blob
 * against the digest its {@code blobs/} name gives).
 *
 * <p>{@code --timeout} bounds the whole read, as for a registry: its deadline starts at the first
 * {@link #resolve} and every request and every read of a body after that is held to it.
 */
public final class DaemonSource implements ImageSource {
  private static final int MAX_JSON = 16 << 20;

  private final DockerDaemonReference reference;
  private final DaemonSettings settings;
  private final Path dockerConfigDir;
  private final Optional<Duration> timeout;
  private ImageSource archive;
  private DaemonAddress address;
  private Deadline deadline;

  private DaemonSource(
      DockerDaemonReference reference,
      DaemonSettings settings,
      Path dockerConfigDir,
      Optional<Duration> timeout) {
    this.reference = reference;
    this.settings = settings;
    this.dockerConfigDir = dockerConfigDir;
    this.timeout = timeout;
  }

  /**
   * Nothing is asked of the daemon until {@link #resolve}. {@code timeout} ({@code --timeout})
   * bounds the whole read of the image from then on.
   */
  public static DaemonSource open(
      DockerDaemonReference reference,
      DaemonSettings settings,
      Path dockerConfigDir,
      Optional<Duration> timeout) {
    return new DaemonSource(reference, settings, dockerConfigDir, timeout);
  }

  @Override
  public String name() {
    return reference.toString();
  }

  @Override
  public List<PlatformImage> resolve(PlatformSelector selector) throws ImageReadException {
    try {
      address = settings.resolve(dockerConfigDir);
    } catch (DaemonSettings.DaemonConfigException e) {
      throw new ImageReadException(Kind.IO, name(), e.getMessage());
    }
    if (deadline == null) {
      deadline = timeout.map(Deadline::after).orElse(Deadline.none());
    }
    EngineHttp http = new EngineHttp(address, deadline);
    String path = "/images/" + encode(reference.daemonName());
    Digest id = inspect(http, path);
    TarOpener opener = () -> save(http, path);
    if (archive != null) {
      archive.close();
    }
    try {
      archive =
          ImageSources.dockerArchive(name(), reference.repository(), Optional.empty(), opener);
    } catch (ImageReadException e) {
      throw daemonCause(e, address);
    }
    List<PlatformImage> images;
    try {
      images = archive.resolve(selector);
    } catch (ImageReadException e) {
      throw daemonCause(e, address);
    }
    List<PlatformImage> out = new ArrayList<>();
    for (PlatformImage image : images) {
      if (!image.configDescriptor().digest().equals(id)) {
        throw new ImageReadException(
            Kind.DIGEST_MISMATCH,
            name(),
            "the daemon at "
                + address
                + " saved a config with digest "
                + image.configDescriptor().digest()
                + ", not the image ID "
                + id
                + " (did the tag move while it was read?)");
      }
      // The archive's RepoTags are the daemon's spelling (Podman's localhost/x): report the
      // repository of the reference, as for every other source.
      out.add(
          new PlatformImage(
              image.reference(),
              reference.repository(),
              image.indexDigest(),
              image.manifestDigest(),
              image.manifestMediaType(),
              image.platform(),
              image.configDescriptor(),
              image.config(),
              image.layers()));
    }
    return out;
  }

  /** {@code GET /images/{name}/json}: the image ID. */
  private Digest inspect(EngineHttp http, String path) throws ImageReadException {
    try (EngineHttp.Response r = http.get(path + "/json")) {
      byte[] body = r.bodyBytes(MAX_JSON);
      if (r.status() == 404) {
        throw new ImageReadException(
            Kind.NOT_FOUND,
            name(),
            "no such image " + reference.daemonName() + " in the daemon at " + http.address());
      }
      if (r.status() != 200) {
        throw new ImageReadException(
            Kind.IO,
            name(),
            "the daemon at "
                + http.address()
                + " answered "
                + r.status()
                + " to GET "
                + path
                + "/json"
                + errorMessage(body).map(m -> ": " + m).orElse(""));
      }
      JsonNode root = new ObjectMapper().readTree(body);
      String id = root == null ? "" : root.path("Id").asText("");
      try {
        return Digest.parse(id.contains(":") ? id : "sha256:" + id);
      } catch (IllegalArgumentException e) {
        throw new ImageReadException(
            Kind.CORRUPT,
            name(),
            "the daemon at " + http.address() + " gave no valid image ID for it: '" + id + "'");
      }
    } catch (EngineHttp.DaemonUnreachableException e) {
      throw unreachable(http.address(), e);
    } catch (EngineHttp.DaemonTimeoutException e) {
      throw new ImageReadException(Kind.NETWORK, name(), e.getMessage(), e);
    } catch (IOException e) {
      throw new ImageReadException(
          Kind.NETWORK,
          name(),
          "cannot read from the daemon at " + http.address() + ": " + e.getMessage(),
          e);
    }
  }

  /** One {@code GET /images/{name}/get}: the save tar's stream. */
  private InputStream save(EngineHttp http, String path) throws IOException {
    EngineHttp.Response r = http.get(path + "/get");
    if (r.status() != 200) {
      try (r) {
        Optional<String> m = errorMessage(r.bodyBytes(MAX_JSON));
        throw new DaemonAnswerException(
            "the daemon at "
                + http.address()
                + " answered "
                + r.status()
                + " to GET "
                + path
                + "/get"
                + m.map(s -> ": " + s).orElse(""));
      }
    }
    return r.body();
  }

  private ImageReadException unreachable(DaemonAddress address, IOException e) {
    return new ImageReadException(
        Kind.NETWORK,
        name(),
        "cannot connect to the daemon at " + address + ": " + e.getMessage(),
        e);
  }

  /** The archive reader's error, worded for the daemon when the daemon was its cause. */
  private ImageReadException daemonCause(ImageReadException e, DaemonAddress address) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof EngineHttp.DaemonUnreachableException u) {
        return unreachable(address, u);
      }
      if (t instanceof EngineHttp.DaemonTimeoutException d) {
        return new ImageReadException(Kind.NETWORK, name(), d.getMessage(), e);
      }
      if (t instanceof DaemonAnswerException a) {
        return new ImageReadException(Kind.IO, name(), a.getMessage(), e);
      }
    }
    return e;
  }

  /** The Engine API's error body is {@code {"message": "…"}}. */
  private static Optional<String> errorMessage(byte[] body) {
    try {
      JsonNode root = new ObjectMapper().readTree(body);
      String m = root == null ? "" : root.path("message").asText("");
      return m.isBlank() ? Optional.empty() : Optional.of(m.strip().replaceAll("\\s+", " "));
    } catch (IOException e) {
      String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
      return text.isEmpty()
          ? Optional.empty()
          : Optional.of(text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }
  }

  /** A name for an API path: kept as is except characters outside [A-Za-z0-9._:/-]. */
  static String encode(String name) {
    StringBuilder b = new StringBuilder();
    for (byte c : name.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "._:/-".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xff));
      }
    }
    return b.toString();
  }

  @Override
  public InputStream openBlob(Descriptor blob) throws ImageReadException {
    if (archive == null) {
      throw new IllegalStateException("openBlob before resolve");
    }
    try {
      return archive.openBlob(blob);
    } catch (ImageReadException e) {
      throw daemonCause(e, address);
    }
  }

  @Override
  public void close() {
    if (archive != null) {
      archive.close();
    }
  }

  /** The daemon answered a request with an error status. */
  static final class DaemonAnswerException extends IOException {
    DaemonAnswerException(String message) {
      super(message);
    }
  }
}
