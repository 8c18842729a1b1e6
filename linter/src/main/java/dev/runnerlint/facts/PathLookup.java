package dev.runnerlint.facts;

import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.image.ImageConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds a command on the image's {@code PATH} like {@code execvp}: the config's {@code PATH}, else
 * {@link #DEFAULT_PATH} (what Docker and containerd set when the image has none). Each directory is
 * tried in order through the tree's symlink-aware lookup; a command containing {@code /} is looked
 * up as is. Empty and relative {@code PATH} elements are skipped (the working directory is not
 * searched).
 */
public record PathLookup(List<String> directories) {

  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** A command found on the PATH. */
  public record Found(String command, String path, Resolution resolution) {
    public FileEntry entry() {
      return resolution.entry().orElseThrow();
    }
  }

  public PathLookup {
    directories = List.copyOf(directories);
  }

  public static PathLookup of(ImageConfig config) {
    return ofPath(config.envValue("PATH").orElse(DEFAULT_PATH));
  }

  public static PathLookup ofPath(String path) {
    return new PathLookup(Arrays.stream(path.split(":")).filter(d -> d.startsWith("/")).toList());
  }

  /** The first regular file named {@code command} on the PATH. */
  public Optional<Found> find(FileTree tree, String command) {
    return find(tree, command, null);
  }

  /**
   * The first regular file named {@code command} on the PATH that {@code who} may execute (as
   * {@code execvp} skips files it gets EACCES on); {@code who == null} accepts any regular file.
   */
  public Optional<Found> find(FileTree tree, String command, ContainerIdentity who) {
    if (command.isEmpty()) {
      return Optional.empty();
    }
    if (command.contains("/")) {
      if (!command.startsWith("/")) {
        return Optional.empty();
      }
      return accept(tree, tree.resolve(command), command, who);
    }
    for (String dir : directories) {
      String path = dir.endsWith("/") ? dir + command : dir + "/" + command;
      Optional<Found> f = accept(tree, tree.resolve(path), command, who);
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  private static Optional<Found> accept(
      FileTree tree, Resolution r, String command, ContainerIdentity who) {
    if (!r.found() || r.entry().isEmpty() || !r.entry().get().isRegular()) {
      return Optional.empty();
    }
    if (who != null
        && Permissions.executeDenied(tree, r.requested(), r.entry().get(), who).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(new Found(command, r.requested(), r));
  }
}
