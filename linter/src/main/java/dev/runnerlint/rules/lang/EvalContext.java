package dev.runnerlint.rules.lang;

import dev.runnerlint.facts.ContainerIdentity;
import dev.runnerlint.facts.Permissions;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.values.Deployment;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a primitive sees while it evaluates: the image (config, platform, tree and facts, through
 * {@link CheckInput}), the runner directory, and the variables. One per image platform.
 */
public final class EvalContext {
  private final CheckInput input;
  private final String runnerDir;

  /**
   * @param runnerDir the runner directory of the run; with a deployment whose command runs a {@code
   *     run.sh} that resolves in the image, the directory of the resolved file (run.sh follows its
   *     own symlink to find its directory)
   */
  public EvalContext(CheckInput input, String runnerDir) {
    this.input = input;
    String dir = ImagePaths.normalize(runnerDir);
    Optional<String> runSh = input.deployment().flatMap(Deployment::runSh);
    if (runSh.isPresent()) {
      Resolution r = input.tree().resolve(runSh.get());
      if (r.found() && r.entry().map(FileEntry::isRegular).orElse(false)) {
        dir = ImagePaths.normalize(dev.runnerlint.image.ImagePath.parent(r.resolvedPath()));
      }
    }
    this.runnerDir = dir;
  }

  /** How the chart runs the image, when the run was given a deployment. */
  public Optional<Deployment> deployment() {
    return input.deployment();
  }

  public CheckInput input() {
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
   * The container identity, when it resolves cleanly enough to check permissions: not applicable
   * when the USER names a user or group the image lacks (the container would not start; the
   * identity rule reports that), skipped when passwd or group was not captured.
   */
  public Fact<ContainerIdentity> identity() {
    return input
        .identity()
        .flatMap(
            id ->
                id.hasErrors()
                    ? Fact.notApplicable(
                        "the container user cannot be resolved: " + id.problems().get(0).message())
                    : Fact.of(id));
  }

  /** The entry at {@code path} (symlinks followed), or not applicable when it does not exist. */
  public Fact<FileEntry> existing(String path) {
    Resolution r = resolve(path);
    if (!r.found()) {
      return Fact.notApplicable(describeMissing(r));
    }
    return Fact.of(r.entry().orElseThrow());
  }

  /** Looks a path up following symlinks. */
  public Resolution resolve(String path) {
    return input.tree().resolve(path);
  }

  /**
   * The directory run.sh runs in: {@code run.sh} resolves its own symlinks ({@code while [ -h
   * "$SOURCE" ]} … {@code cd -P "$(dirname "$SOURCE")"}, actions/runner src/Misc/layoutroot/run.sh)
   * and copies {@code run-helper.sh.template} there; the runner directory when run.sh is not a
   * regular file.
   */
  public String runShDir() {
    Resolution r = resolve(ImagePaths.normalize(runnerDir + "/run.sh"));
    if (r.found() && r.entry().map(FileEntry::isRegular).orElse(false)) {
      return ImagePaths.normalize(dev.runnerlint.image.ImagePath.parent(r.resolvedPath()));
    }
    return runnerDir;
  }

  /** The entry at {@code path} with symlinks followed, if it exists. */
  public Optional<FileEntry> entry(String path) {
    Resolution r = resolve(path);
    return r.found() ? r.entry() : Optional.empty();
  }

  /** The value of {@code ${name}}; missing when the image has none (e.g. no HOME). */
  public Fact<String> variable(String name) {
    return switch (name) {
      case "runnerDir" -> Fact.of(runnerDir);
      case "runShDir" -> Fact.of(runShDir());
      case "platform" -> Fact.of(input.platform().toString());
      case "os" -> Fact.of(input.platform().os());
      case "arch" -> Fact.of(input.platform().architecture());
      case "user" -> Fact.of(config().user());
      case "mode" ->
          Fact.of(
              input
                  .deployment()
                  .map(d -> d.mode().id())
                  .orElse(dev.runnerlint.values.ContainerMode.DEFAULT.id()));
      case "uid" -> identity().map(id -> Long.toString(id.uid()));
      case "gid" -> identity().map(id -> Long.toString(id.gid()));
      case "userName" ->
          identity()
              .flatMap(
                  id ->
                      id.name()
                          .map(Fact::of)
                          .orElseGet(
                              () ->
                                  Fact.notApplicable(
                                      "the container user (uid "
                                          + id.uid()
                                          + ") has no name in /etc/passwd")));
      case "home" ->
          identity()
              .flatMap(
                  id ->
                      id.home()
                          .map(Fact::of)
                          .orElseGet(
                              () ->
                                  Fact.notApplicable(
                                      "the container user has no HOME (no Env HOME, no"
                                          + " /etc/passwd entry)")));
      default -> {
        if (name.startsWith(Variables.ENV_PREFIX)) {
          String var = name.substring(Variables.ENV_PREFIX.length());
          yield config()
              .envValue(var)
              .filter(v -> !v.isEmpty())
              .map(Fact::of)
              .orElseGet(() -> Fact.notApplicable("the container's env does not set " + var));
        }
        throw new IllegalStateException("unknown variable ${" + name + "}");
      }
    };
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
   * The end of a "… is not executable by USER" message: {@code : the directory … has no x bit for
   * it}, or {@code (mode -rw-r--r-- 0:0)}.
   */
  public static String because(Permissions.ExecuteDenied d) {
    return d.search().map(s -> ": " + s.describe()).orElse(" (" + describe(d.file()) + ")");
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
