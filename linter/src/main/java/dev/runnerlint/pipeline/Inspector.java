package dev.runnerlint.pipeline;

import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.layer.CapturePolicy;
import dev.runnerlint.layer.Content;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The inspect pipeline: one reference → its platforms, each read whole → one {@link Inspection}
 * each, with the {@code --ls} listing and the {@code --cat} content. Everything is read and checked
 * before anything is returned, so a failure on the second platform (or a path missing there) never
 * leaves half an answer.
 */
public final class Inspector {

  /** The most bytes {@code --cat} captures. */
  public static final int CAT_LIMIT = 1 << 20;

  private final Linter.Options options;
  private final ImageReader reader;

  /** Reads as {@code options} say; {@code --cat} adds its file to their capture policy. */
  public Inspector(Linter.Options options) {
    this(options, new ImageReader(options.maxLayerSize()));
  }

  public Inspector(Linter.Options options, ImageReader reader) {
    this.options = options;
    this.reader = reader;
  }

  /**
   * Reads every platform of {@code reference}.
   *
   * @param ls a directory to list, if any
   * @param cat a file to print, if any
   * @throws InvalidReferenceException when the reference does not parse
   * @throws InspectPathException when {@code ls} / {@code cat} is not there as asked
   */
  public List<Inspection> inspect(String reference, Optional<String> ls, Optional<String> cat)
      throws ImageReadException {
    List<Inspection> results = new ArrayList<>();
    try (ImageSource source = Images.open(reference, options.source())) {
      for (PlatformImage platformImage : source.resolve(options.platforms())) {
        results.add(inspect(source, platformImage, ls, cat));
      }
    }
    return results;
  }

  private Inspection inspect(
      ImageSource source, PlatformImage platformImage, Optional<String> ls, Optional<String> cat)
      throws ImageReadException {
    CapturePolicy policy = options.capture().orElse(CapturePolicy.none());
    if (cat.isPresent()) {
      policy = policy.plus(Set.of(cat.get()), CAT_LIMIT);
    }
    LoadedImage loaded = reader.read(source, platformImage, policy);
    String where = platformImage.reference() + " (" + platformImage.platform() + ")";
    Optional<List<FileEntry>> listing =
        ls.isEmpty() ? Optional.empty() : Optional.of(listing(where, ls.get(), loaded));
    if (cat.isEmpty()) {
      return new Inspection(loaded, listing, cat, Optional.empty(), Optional.empty());
    }
    String path = cat.get();
    Resolution target = loaded.tree().resolve(path);
    if (!target.found() || !target.entry().orElseThrow().isRegular()) {
      throw new InspectPathException(where + ": --cat " + path + ": " + describe(target));
    }
    FileEntry file = target.entry().orElseThrow();
    Optional<Content> content = loaded.tree().content(file);
    if (!complete(content, file)) {
      // The path went through a symlink or a hard link, so the bytes were kept (if at all) under
      // another name and only as far as the default policy wanted: read again, capturing the file
      // the path resolves to.
      Set<String> paths = new HashSet<>();
      paths.add(file.path());
      if (file.hardLink()) {
        file.linkTarget().ifPresent(paths::add);
      }
      loaded = reader.read(source, platformImage, policy.plus(paths, CAT_LIMIT));
      target = loaded.tree().resolve(path);
      content = loaded.tree().content(target.entry().orElseThrow());
    }
    if (content.isEmpty() && file.size() > 0) {
      throw new IllegalStateException(
          "--cat " + path + ": the content of " + file.path() + " was not captured");
    }
    return new Inspection(
        loaded,
        listing,
        cat,
        Optional.of(target),
        Optional.of(content.orElse(new Content(new byte[0], false))));
  }

  /** True when {@code content} holds the file, or as much of it as --cat prints. */
  private static boolean complete(Optional<Content> content, FileEntry file) {
    if (content.isEmpty()) {
      return file.size() == 0;
    }
    Content c = content.get();
    return !c.truncated() || c.bytes().length >= CAT_LIMIT;
  }

  private static List<FileEntry> listing(String where, String ls, LoadedImage loaded) {
    Resolution dir = loaded.tree().resolve(ls);
    if (!dir.found() || !dir.entry().orElseThrow().isDirectory()) {
      throw new InspectPathException(
          where + ": --ls " + ls + ": " + (dir.found() ? "not a directory" : describe(dir)));
    }
    return loaded.tree().list(ls);
  }

  /**
   * Why a {@code --ls} / {@code --cat} path is not there, in the words of {@code ls} and {@code
   * cat} (findings say it with {@link Resolution#describeMissing()}).
   */
  private static String describe(Resolution r) {
    return switch (r.status()) {
      case FOUND ->
          "is a "
              + r.entry().orElseThrow().type().name().toLowerCase().replace('_', ' ')
              + ", not a regular file";
      case NOT_FOUND -> "no such file or directory" + resolvedVia(r);
      case NOT_A_DIRECTORY -> "a component of " + r.resolvedPath() + " is not a directory";
      case LOOP -> "symlink loop (" + String.join(", ", r.hops()) + ")";
      case TOO_MANY_HOPS -> "more than " + FileTree.MAX_SYMLINK_HOPS + " symlinks";
    };
  }

  private static String resolvedVia(Resolution r) {
    return r.hops().isEmpty() ? "" : " (resolved to " + r.resolvedPath() + ")";
  }
}
