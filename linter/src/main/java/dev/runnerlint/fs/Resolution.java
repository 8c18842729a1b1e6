package dev.runnerlint.fs;

import java.util.List;
import java.util.Optional;

/**
 * The result of looking a path up in the merged view with symlinks followed.
 *
 * @param requested the path as asked
 * @param status whether it was found, and if not why
 * @param entry the entry found (never a symlink when following)
 * @param resolvedPath the path after every symlink was followed (as far as it got)
 * @param hops the symlinks followed, in order, each as {@code path -> target}
 */
public record Resolution(
    String requested,
    Status status,
    Optional<FileEntry> entry,
    String resolvedPath,
    List<String> hops) {

  public enum Status {
    FOUND,
    NOT_FOUND,
    /** A path component is not a directory. */
    NOT_A_DIRECTORY,
    /** A symlink loop. */
    LOOP,
    /** More than {@link FileTree#MAX_SYMLINK_HOPS} symlinks. */
    TOO_MANY_HOPS
  }

  public Resolution {
    hops = List.copyOf(hops);
  }

  public boolean found() {
    return status == Status.FOUND;
  }

  /**
   * How the lookup went, in words (the one phrasing for findings and for {@code inspect}): {@code
   * /a/b does not exist}, a symlink loop, too many links, or a component that is not a directory;
   * with the links followed.
   */
  public String describeMissing() {
    String via = hops.isEmpty() ? "" : " (via " + String.join(", ", hops) + ")";
    return switch (status) {
      case NOT_FOUND -> requested + " does not exist" + via;
      case NOT_A_DIRECTORY ->
          requested
              + " does not exist: a component of "
              + resolvedPath
              + " is not a directory"
              + via;
      case LOOP -> requested + " is a symlink loop" + via;
      case TOO_MANY_HOPS ->
          requested
              + " needs more than "
              + FileTree.MAX_SYMLINK_HOPS
              + " symlinks to resolve"
              + via;
      case FOUND -> requested + " exists";
    };
  }
}
