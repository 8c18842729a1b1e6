package dev.runnerlint.facts.sudo;

import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.layer.Content;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where {@link Sudoers} reads its files from: an image's {@link FileTree} ({@link #of(FileTree)})
 * or plain texts ({@link #ofTexts(Map)}, for tests and tools). Paths are absolute and normalised.
 */
public interface SudoersSource {

  /** The outcome of reading one file. */
  enum Status {
    FOUND,
    NOT_FOUND,
    /** It exists but is a directory, device… (symlinks already followed). */
    NOT_REGULAR,
    /** It is a regular file whose content the image reader did not capture. */
    NOT_CAPTURED
  }

  /**
   * One file as read.
   *
   * @param text the content when {@link Status#FOUND}, else empty
   * @param entry the file's entry (symlinks followed) when the source knows it
   * @param truncated only part of the content was captured
   */
  record Lookup(Status status, String text, Optional<FileEntry> entry, boolean truncated) {
    static Lookup of(Status status) {
      return new Lookup(status, "", Optional.empty(), false);
    }
  }

  /** Reads a file, following symlinks. */
  Lookup read(String path);

  /** The names of the entries of a directory, or empty when it does not exist or is none. */
  Optional<List<String>> list(String directory);

  /** The entry of a path (symlinks followed), when the source knows file metadata. */
  default Optional<FileEntry> stat(String path) {
    return Optional.empty();
  }

  /** Reads from an image's merged tree: content comes from what the tree captured. */
  static SudoersSource of(FileTree tree) {
    return new SudoersSource() {
      @Override
      public Lookup read(String path) {
        Resolution r = tree.resolve(path);
        if (!r.found() || r.entry().isEmpty()) {
          return Lookup.of(Status.NOT_FOUND);
        }
        FileEntry e = r.entry().get();
        if (!e.isRegular()) {
          return new Lookup(Status.NOT_REGULAR, "", Optional.of(e), false);
        }
        Optional<Content> c = tree.content(e);
        if (c.isEmpty()) {
          return new Lookup(Status.NOT_CAPTURED, "", Optional.of(e), false);
        }
        return new Lookup(Status.FOUND, c.get().text(), Optional.of(e), c.get().truncated());
      }

      @Override
      public Optional<List<String>> list(String directory) {
        Resolution r = tree.resolve(directory);
        if (!r.found() || r.entry().isEmpty() || !r.entry().get().isDirectory()) {
          return Optional.empty();
        }
        return Optional.of(tree.list(directory).stream().map(FileEntry::name).toList());
      }

      @Override
      public Optional<FileEntry> stat(String path) {
        Resolution r = tree.resolve(path);
        return r.found() ? r.entry() : Optional.empty();
      }
    };
  }

  /**
   * Plain texts by absolute path; directories are implied by the paths (a path {@code
   * /etc/sudoers.d/runner} makes {@code /etc/sudoers.d} a directory). No file metadata.
   */
  static SudoersSource ofTexts(Map<String, String> files) {
    Map<String, String> copy = new LinkedHashMap<>(files);
    return new SudoersSource() {
      @Override
      public Lookup read(String path) {
        String text = copy.get(path);
        if (text != null) {
          return new Lookup(Status.FOUND, text, Optional.empty(), false);
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        boolean isDir = copy.keySet().stream().anyMatch(p -> p.startsWith(prefix));
        return Lookup.of(isDir ? Status.NOT_REGULAR : Status.NOT_FOUND);
      }

      @Override
      public Optional<List<String>> list(String directory) {
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        TreeSet<String> names = new TreeSet<>();
        for (String p : copy.keySet()) {
          if (p.startsWith(prefix)) {
            String rest = p.substring(prefix.length());
            int slash = rest.indexOf('/');
            names.add(slash < 0 ? rest : rest.substring(0, slash));
          }
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(new ArrayList<>(names));
      }
    };
  }
}
