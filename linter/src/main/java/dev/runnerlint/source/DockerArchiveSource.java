package dev.runnerlint.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.reference.DockerArchiveReference;
import dev.runnerlint.reference.Platform;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.reference.RegistryReference;
import dev.runnerlint.source.ImageReadException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image in {@code docker save} output ({@code docker-archive:FILE[:REPO:TAG]}), read in place
 * from the tar. {@code manifest.json} gives each image's config, repo tags and layer files; the
 * image is chosen by REPO:TAG, or is the only one.
 *
 * <p>Verification: the config against the digest its file name carries ({@code <hex>.json} or
 * {@code blobs/sha256/<hex>}); each layer, usually an uncompressed tar, against its {@code
 * rootfs.diff_ids} entry (a compressed layer against the digest in its {@code blobs/} name). The
 * layer media type is detected from the first bytes: gzip, zstd, else tar.
 *
 * <p>An archive holds no registry manifest, so the {@link PlatformImage#manifestDigest()} reported
 * for it is the image ID — the config digest, as {@code docker images} shows it — and its manifest
 * media type is the config's.
 */
final class DockerArchiveSource implements ImageSource {

  private static final Pattern DIGEST_NAME =
      Pattern.compile(
          "(?:^|/)(?:blobs/(sha256|sha512)/)?([a-f0-9]{64}|[a-f0-9]{128})(?:\\.json)?$");
  private static final long MAX_JSON_SIZE = 64L << 20;

  private final String name;
  private final String repository;
  private final Optional<String> repoTag;
  private final LayoutStore store;
  private final Map<Digest, String> layerPaths = new HashMap<>();

  private DockerArchiveSource(
      String name, String repository, Optional<String> repoTag, LayoutStore store) {
    this.name = name;
    this.repository = repository;
    this.repoTag = repoTag;
    this.store = store;
  }

  static DockerArchiveSource open(DockerArchiveReference reference) throws ImageReadException {
    return new DockerArchiveSource(
        reference.toString(),
        reference.repository(),
        reference.repoTag(),
        TarStore.open(reference.file(), reference.toString()));
  }

  /**
   * {@code docker save} output from {@code opener}, e.g. a daemon's {@code GET /images/get}
   * response: read as a stream only ({@link TarOpener#stream}).
   */
  static DockerArchiveSource open(
      String name, String repository, Optional<String> repoTag, TarOpener opener)
      throws ImageReadException {
    return new DockerArchiveSource(name, repository, repoTag, TarOpener.stream(opener, name));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<PlatformImage> resolve(PlatformSelector selector) throws ImageReadException {
    JsonNode entry = selectEntry(readJson("manifest.json"));
    String configPath = entry.path("Config").asText("");
    Digest configDigest =
        digestInName(configPath)
            .orElseThrow(
                () ->
                    new ImageReadException(
                        Kind.CORRUPT,
                        name,
                        "config file name '" + configPath + "' does not give its digest"));
    long configSize = sizeOf(configPath);
    byte[] configBytes =
        VerifyingInputStream.readAll(
            name, () -> store.open(configPath), configDigest, configSize, "config " + configPath);
    ImageConfig config = ManifestResolver.parseConfig(name, configBytes);
    List<String> layerFiles = new ArrayList<>();
    entry.path("Layers").forEach(l -> layerFiles.add(l.asText()));
    if (layerFiles.size() != config.diffIds().size()) {
      throw new ImageReadException(
          Kind.CORRUPT,
          name,
          "manifest.json lists "
              + layerFiles.size()
              + " layers but the config has "
              + config.diffIds().size()
              + " diff_ids");
    }
    List<Descriptor> layers = new ArrayList<>();
    for (int i = 0; i < layerFiles.size(); i++) {
      layers.add(layerDescriptor(layerFiles.get(i), config.diffIds().get(i)));
    }
    Platform platform = ManifestResolver.platformOf(config);
    if (selector.only().isPresent() && !selector.only().get().selects(platform)) {
      throw new ImageReadException(
          Kind.NO_MATCHING_PLATFORM,
          name,
          "no manifest for platform " + selector + "; available: " + platform);
    }
    Descriptor configDescriptor =
        Descriptor.of(MediaTypes.DOCKER_CONFIG, configDigest, configBytes.length);
    return List.of(
        new PlatformImage(
            name,
            repository(entry),
            Optional.empty(),
            configDigest,
            MediaTypes.DOCKER_CONFIG,
            platform,
            configDescriptor,
            config,
            layers));
  }

  private Descriptor layerDescriptor(String path, Digest diffId) throws ImageReadException {
    long size = sizeOf(path);
    byte[] magic;
    try {
      magic = store.head(path, 4);
    } catch (IOException e) {
      throw new ImageReadException(Kind.IO, name, "cannot read " + path + ": " + e.getMessage(), e);
    }
    String compressed = MediaTypes.compressedLayerTypeOf(magic, magic.length);
    String mediaType = compressed == null ? MediaTypes.OCI_LAYER : compressed;
    Digest digest = diffId;
    if (!mediaType.equals(MediaTypes.OCI_LAYER)) {
      digest =
          digestInName(path)
              .filter(d -> path.contains("blobs/"))
              .orElseThrow(
                  () ->
                      new ImageReadException(
                          Kind.UNSUPPORTED,
                          name,
                          "layer "
                              + path
                              + " is compressed but its name does not give its digest"));
    }
    layerPaths.put(digest, path);
    return Descriptor.of(mediaType, digest, size);
  }

  private JsonNode selectEntry(JsonNode manifest) throws ImageReadException {
    if (!manifest.isArray() || manifest.isEmpty()) {
      throw new ImageReadException(Kind.CORRUPT, name, "manifest.json lists no image");
    }
    List<String> tags = new ArrayList<>();
    manifest.forEach(e -> e.path("RepoTags").forEach(t -> tags.add(t.asText())));
    String known = tags.isEmpty() ? "none" : String.join(", ", tags);
    if (repoTag.isEmpty()) {
      if (manifest.size() != 1) {
        throw new ImageReadException(
            Kind.NOT_FOUND,
            name,
            "the archive holds "
                + manifest.size()
                + " images; name one as docker-archive:FILE:REPO:TAG (tags: "
                + known
                + ")");
      }
      return manifest.get(0);
    }
    String wanted = canonical(repoTag.get());
    for (JsonNode e : manifest) {
      for (JsonNode t : e.path("RepoTags")) {
        if (canonical(t.asText()).equals(wanted)) {
          return e;
        }
      }
    }
    throw new ImageReadException(
        Kind.NOT_FOUND,
        name,
        "no image tagged '" + repoTag.get() + "' in the archive; tags: " + known);
  }

  private String repository(JsonNode entry) {
    if (repoTag.isEmpty() && entry.path("RepoTags").size() > 0) {
      String tag = entry.path("RepoTags").get(0).asText();
      return tag.substring(0, Math.max(tag.lastIndexOf(':'), 0));
    }
    return repository;
  }

  /** {@code ubuntu:22.04} and {@code docker.io/library/ubuntu:22.04} name the same image. */
  private static String canonical(String repoTag) {
    try {
      return RegistryReference.parse(repoTag).canonical();
    } catch (IllegalArgumentException e) {
      return repoTag;
    }
  }

  static Optional<Digest> digestInName(String path) {
    Matcher m = DIGEST_NAME.matcher(path);
    if (!m.find()) {
      return Optional.empty();
    }
    String alg =
        m.group(1) != null ? m.group(1) : (m.group(2).length() == 64 ? "sha256" : "sha512");
    return Optional.of(new Digest(alg, m.group(2)));
  }

  private long sizeOf(String path) throws ImageReadException {
    Optional<Long> size;
    try {
      size = store.size(path);
    } catch (IOException e) {
      throw new ImageReadException(Kind.IO, name, "cannot read " + path + ": " + e.getMessage(), e);
    }
    return size.orElseThrow(
        () -> new ImageReadException(Kind.CORRUPT, name, path + " is missing from the archive"));
  }

  private JsonNode readJson(String path) throws ImageReadException {
    try {
      if (sizeOf(path) > MAX_JSON_SIZE) {
        throw new ImageReadException(Kind.CORRUPT, name, path + " is too large");
      }
      try (InputStream in = store.open(path)) {
        return new ObjectMapper().readTree(in);
      }
    } catch (NoSuchFileException e) {
      throw new ImageReadException(
          Kind.CORRUPT, name, "no " + path + ": not a docker save archive");
    } catch (IOException e) {
      throw new ImageReadException(Kind.CORRUPT, name, path + " is not valid JSON");
    }
  }

  @Override
  public InputStream openBlob(Descriptor blob) throws ImageReadException {
    String path = layerPaths.get(blob.digest());
    if (path == null) {
      throw new ImageReadException(
          Kind.NOT_FOUND, name, "blob " + blob.digest() + " is not a layer of this image");
    }
    try {
      String what = "layer " + path;
      return BlobPipe.readAhead(
          new VerifyingInputStream(store.open(path), blob.digest(), blob.size(), what),
          blob.size(),
          what);
    } catch (IOException e) {
      throw new ImageReadException(Kind.IO, name, "cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
