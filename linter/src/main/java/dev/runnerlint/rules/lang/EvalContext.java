package dev.runnerlint.rules.lang;

import dev.runnerlint.facts.ContainerIdentity;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.rules.LintInput;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a primitive sees while it evaluates: the image (config, platform, tree and facts, through
 * {@link LintInput}), the runner directory, and the variables. One per image platform.
 */
public final class EvalContext {
  private final LintInput input;
  private final String runnerDir;

  public EvalContext(LintInput input, String runnerDir) {
    this.input = input;
    this.runnerDir = ImagePaths.normalize(runnerDir);
  }

  public LintInput input() {
    return input;
  }

  public String runnerDir() {
    return runnerDir;
  }

  public ImageConfig config() {
    return input.config();
  }

  public FileTree tree() {
    return input.tree();
  }

  /**
   * The container identity, when it resolves cleanly enough to check permissions.
   *
   * @throws FactUnavailable not applicable when the USER names a user or group the image lacks (the
   *     container would not start; the identity rule reports that)
   */
  public ContainerIdentity identity() {
    ContainerIdentity id = input.identity();
    if (id.hasErrors()) {
      throw FactUnavailable.notApplicable(
          "the container user cannot be resolved: " + id.problems().get(0).message());
    }
    return id;
  }

  /** Looks a path up following symlinks. */
  public Resolution resolve(String path) {
    return input.tree().resolve(path);
  }

  /** The entry at {@code path} with symlinks followed, if it exists. */
  public Optional<FileEntry> entry(String path) {
    Resolution r = resolve(path);
    return r.found() ? r.entry() : Optional.empty();
  }

  /** The value of {@code ${name}}. */
  public String variable(String name) {
    switch (name) {
      case "runnerDir":
        return runnerDir;
      case "platform":
        return input.platform().toString();
      case "os":
        return input.platform().os();
      case "arch":
        return input.platform().architecture();
      case "user":
        return config().user();
      case "uid":
        return Long.toString(identity().uid());
      case "gid":
        return Long.toString(identity().gid());
      case "userName":
        return identity()
            .name()
            .orElseThrow(
                () ->
                    FactUnavailable.notApplicable(
                        "the container user (uid "
                            + identity().uid()
                            + ") has no name in /etc/passwd"));
      case "home":
        return identity()
            .home()
            .orElseThrow(
                () ->
                    FactUnavailable.notApplicable(
                        "the container user has no HOME (no Env HOME, no /etc/passwd entry)"));
      default:
        throw new IllegalStateException("unknown variable ${" + name + "}");
    }
  }

  /** Describes who the container user is, for messages: {@code uid 1001 (gids 1001, 123)}. */
  public String describeUser(ContainerIdentity id) {
    StringBuilder s = new StringBuilder("uid ").append(id.uid());
    id.name().ifPresent(n -> s.append(" (").append(n).append(')'));
    TreeSet<Long> gids = new TreeSet<>(id.supplementaryGids());
    gids.add(id.gid());
    s.append(gids.size() == 1 ? ", gid " : ", gids ");
    s.append(String.join(", ", gids.stream().map(String::valueOf).toList()));
    return s.toString();
  }

  /** {@code mode -rw-r--r-- 1001:1001}: an entry's mode string and owner, for messages. */
  public static String describe(FileEntry e) {
    return "mode " + e.modeString() + " " + e.uid() + ":" + e.gid();
  }

  /**
   * How a lookup that was not found went, for messages: {@code /a/b does not exist}, a symlink
   * loop, too many links, or a component that is not a directory; with the links followed.
   */
  public static String describeMissing(Resolution r) {
    return r.describeMissing();
  }

  /** {@code /a/b} or {@code /a/b -> /c/d} when symlinks were followed. */
  public static String describePath(Resolution r) {
    return r.hops().isEmpty() || r.resolvedPath().equals(r.requested())
        ? r.requested()
        : r.requested() + " (-> " + r.resolvedPath() + ")";
  }
}
