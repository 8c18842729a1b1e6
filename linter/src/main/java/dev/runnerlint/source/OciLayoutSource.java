package dev.runnerlint.source;

import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.ImageIndex;
import dev.runnerlint.image.ManifestDocument;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.reference.OciArchiveReference;
import dev.runnerlint.reference.OciLayoutReference;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.source.ImageReadException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An image in an OCI image layout: a directory ({@code oci:DIR[:REF]}) or a tar of one ({@code
 * oci-archive:FILE[:REF]}, read in place). {@code index.json} names the image by its {@code
 * org.opencontainers.image.ref.name}; without REF the layout must hold one image. Every blob read
 * is verified against its digest and size.
 */
final class OciLayoutSource implements ImageSource {

  static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static final long MAX_INDEX_SIZE = 16L << 20;

  /** As Distribution's default limit on a manifest (and the registry source's). */
  private static final long MAX_MANIFEST_SIZE = 4L << 20;

  private final String name;
  private final String repository;
  private final LayoutStore store;
  private final Optional<String> ref;

  private OciLayoutSource(String name, String repository, LayoutStore store, Optional<String> ref) {
    this.name = name;
    this.repository = repository;
    this.store = store;
    this.ref = ref;
  }

  static OciLayoutSource open(OciLayoutReference reference) throws ImageReadException {
    Path dir = reference.dir();
    if (!Files.isDirectory(dir)) {
      throw new ImageReadException(
          Kind.NOT_FOUND, reference.toString(), "no such directory " + dir);
    }
    return new OciLayoutSource(
        reference.toString(), reference.repository(), new DirectoryStore(dir), reference.ref());
  }

  static OciLayoutSource open(
      String name, String repository, Optional<String> ref, LayoutStore store) {
    return new OciLayoutSource(name, repository, store, ref);
  }

  static OciLayoutSource open(OciArchiveReference reference) throws ImageReadException {
    TarStore store = TarStore.open(reference.file(), reference.toString());
    return new OciLayoutSource(
        reference.toString(), reference.repository(), store, reference.ref());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<PlatformImage> resolve(PlatformSelector selector) throws ImageReadException {
    byte[] indexBytes = readIndexJson();
    ManifestResolver resolver = new ManifestResolver(name, repository, fetcher());
    ManifestDocument doc = resolver.parse(indexBytes, null);
    if (!(doc instanceof ImageIndex layoutIndex)) {
      throw new ImageReadException(Kind.CORRUPT, name, "index.json is not an image index");
    }
    List<Descriptor> entries = layoutIndex.manifests();
    List<String> refs =
        entries.stream()
            .map(d -> d.annotations().get(REF_NAME))
            .filter(r -> r != null)
            .collect(Collectors.toList());
    if (ref.isEmpty() && entries.size() > 1 && refs.isEmpty()) {
      // a layout whose index.json is itself the image's index (one entry per platform)
      return resolver.resolve(Digest.compute("sha256", indexBytes), indexBytes, null, selector);
    }
    Descriptor root = select(entries, refs);
    byte[] rootBytes = fetcher().manifest(root);
    return resolver.resolve(root.digest(), rootBytes, root.mediaType(), selector);
  }

  private Descriptor select(List<Descriptor> entries, List<String> refs) throws ImageReadException {
    String known = refs.isEmpty() ? "none" : String.join(", ", refs);
    if (ref.isPresent()) {
      List<Descriptor> matches =
          entries.stream()
              .filter(d -> ref.get().equals(d.annotations().get(REF_NAME)))
              .collect(Collectors.toList());
      if (matches.size() != 1) {
        throw new ImageReadException(
            matches.isEmpty() ? Kind.NOT_FOUND : Kind.CORRUPT,
            name,
            (matches.isEmpty() ? "no image named '" : "more than one image named '")
                + ref.get()
                + "' in the layout; refs: "
                + known);
      }
      return matches.get(0);
    }
    if (entries.size() != 1) {
      throw new ImageReadException(
          Kind.NOT_FOUND,
          name,
          "the layout holds "
              + entries.size()
              + " images; name one as "
              + (name.startsWith("oci-archive:") ? "oci-archive:FILE:REF" : "oci:DIR:REF")
              + " (refs: "
              + known
              + ")");
    }
    return entries.get(0);
  }

  private byte[] readIndexJson() throws ImageReadException {
    try {
      long size = store.size("index.json").orElseThrow(() -> new NoSuchFileException("index.json"));
      if (size > MAX_INDEX_SIZE) {
        throw new ImageReadException(Kind.CORRUPT, name, "index.json is too large");
      }
      try (InputStream in = store.open("index.json")) {
        return in.readAllBytes();
      }
    } catch (NoSuchFileException e) {
      throw new ImageReadException(Kind.NOT_FOUND, name, "no index.json: not an OCI image layout");
    } catch (IOException e) {
      throw new ImageReadException(Kind.IO, name, "cannot read index.json: " + e.getMessage(), e);
    }
  }

  private ManifestResolver.Fetcher fetcher() {
    return new ManifestResolver.Fetcher() {
      @Override
      public byte[] manifest(Descriptor d) throws ImageReadException {
        if (d.size() > MAX_MANIFEST_SIZE) {
          // refused on the descriptor's word, before a byte is read (a registry refuses it too)
          throw new ImageReadException(
              Kind.UNSUPPORTED,
              name,
              "manifest " + d.digest() + " is larger than 4 MiB (" + d.size() + " bytes)");
        }
        return blob(d);
      }

      @Override
      public byte[] blob(Descriptor d) throws ImageReadException {
        return VerifyingInputStream.readAll(
            name, () -> openPath(d), d.digest(), d.size(), "blob " + d.digest());
      }
    };
  }

  private InputStream openPath(Descriptor d) throws ImageReadException, IOException {
    Digest digest = d.digest();
    try {
      return store.open("blobs/" + digest.algorithm() + "/" + digest.hex());
    } catch (NoSuchFileException e) {
      throw new ImageReadException(
          Kind.CORRUPT, name, "blob " + digest + " is missing from the layout");
    }
  }

  @Override
  public boolean concurrentBlobs() {
    return store instanceof DirectoryStore;
  }

  @Override
  public InputStream openBlob(Descriptor blob) throws ImageReadException {
    try {
      String what = "blob " + blob.digest();
      return BlobPipe.readAhead(
          new VerifyingInputStream(openPath(blob), blob.digest(), blob.size(), what),
          blob.size(),
          what);
    } catch (IOException e) {
      throw new ImageReadException(
          Kind.IO, name, "cannot read blob " + blob.digest() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
