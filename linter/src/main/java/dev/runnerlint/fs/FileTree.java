package dev.runnerlint.fs;

import dev.runnerlint.layer.Content;
import java.util.List;
import java.util.Optional;

/**
 * The merged filesystem of an image: every layer applied in order, whiteouts and opaque directories
 * honoured. Immutable. Paths are absolute inside the image; lookups never escape its root.
 */
public interface FileTree {

  /** Linux's limit on symlinks followed in one lookup (MAXSYMLINKS). */
  int MAX_SYMLINK_HOPS = 40;

  /** Looks a path up following every symlink, including in the last component. */
  Resolution resolve(String path);

  /**
   * Looks a path up following symlinks in the parent directories only, so a symlink itself is
   * returned as one ({@code lstat}).
   */
  Optional<FileEntry> lstat(String path);

  /** The entries of a directory (symlinks followed to reach it), sorted by name. */
  List<FileEntry> list(String directory);

  /** The captured content of a regular file, if the capture policy asked for it. */
  Optional<Content> content(FileEntry file);

  /** The number of entries in the merged view, the root excluded. */
  int size();
}
