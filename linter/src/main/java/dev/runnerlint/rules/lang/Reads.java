package dev.runnerlint.rules.lang;

import dev.runnerlint.facts.GroupFile;
import dev.runnerlint.facts.PasswdFile;
import dev.runnerlint.layer.CapturePolicy;
import java.util.Set;

/**
 * What checks read of file contents, declared before any image is read: each primitive call adds
 * the paths it needs ({@link Primitive#reads}), computed from its parameters and the variables
 * known per lint run (the runner directory). The union is the {@link CapturePolicy} the layers are
 * read with; content a check needs but no declaration asked for is not captured, so the check is
 * SKIPPED, never passed.
 *
 * <p>How much: {@link #HEAD_BYTES} for a file's head (an ELF header, a {@code #!} line), {@link
 * #WHOLE} for a whole file; both bounded by the policy's per-file and per-image caps. Which: an
 * exact path; the same, also reached through links ({@link #reachable}); the files of a directory;
 * the heads of executables generally.
 */
public final class Reads {

  /** Bytes of a file's head: enough for an ELF header and a {@code #!} line. */
  public static final int HEAD_BYTES = 256;

  /** The whole file, up to the policy's per-file bound. */
  public static final int WHOLE = Integer.MAX_VALUE;

  /** Variables whose value comes from the image's passwd and group files. */
  static final Set<String> IDENTITY_VARIABLES = Set.of("uid", "gid", "userName", "home");

  private final String runnerDir;
  private final CapturePolicy.Builder policy;

  /**
   * @param runnerDir the runner directory of this run (the value of {@code ${runnerDir}})
   */
  public Reads(String runnerDir) {
    this(runnerDir, CapturePolicy.builder());
  }

  /** Declarations added to an existing policy builder (e.g. one with other bounds). */
  public Reads(String runnerDir, CapturePolicy.Builder policy) {
    this.runnerDir = ImagePaths.normalize(runnerDir);
    this.policy = policy;
  }

  /** The policy capturing everything declared so far. */
  public CapturePolicy policy() {
    return policy.build();
  }

  /** Up to {@code bytes} of the regular file at exactly {@code path} (no variables). */
  public Reads file(String path, int bytes) {
    policy.path(path, bytes);
    return this;
  }

  /** Up to {@code bytes} of every regular file directly in {@code dir}. */
  public Reads children(String dir, int bytes) {
    policy.children(dir, bytes);
    return this;
  }

  /** The first {@code bytes} of every regular file with an execute bit. */
  public Reads executables(int bytes) {
    policy.executables(bytes);
    return this;
  }

  /**
   * Up to {@code bytes} of the file a path parameter names, which may be reached through symlinks
   * or hard links: the exact path and every regular file with its name (a link's target is stored
   * under its own path, and usually shares the name). {@code ${runnerDir}} is substituted; a path
   * whose other variables are only known from the image (e.g. {@code ${home}/.profile}) is captured
   * by its last component when that has no variable, else not at all (the check is then skipped for
   * missing content).
   *
   * @param template the parameter's text as written in the pack
   */
  public Reads reachable(String template, int bytes) {
    String path = template.replace("${runnerDir}", runnerDir);
    String name = ImagePaths.name(ImagePaths.normalize(path));
    if (Variables.hasVariables(path)) {
      if (!Variables.hasVariables(name) && !name.equals("/") && !name.isEmpty()) {
        policy.named(name, bytes);
      }
      return this;
    }
    String normalized = ImagePaths.normalize(path);
    policy.path(normalized, bytes);
    if (!normalized.equals("/")) {
      policy.named(name, bytes);
    }
    return this;
  }

  /** The files the container identity is resolved from: {@code /etc/passwd}, {@code /etc/group}. */
  public Reads identity() {
    policy.path(PasswdFile.PATH, WHOLE);
    policy.path(GroupFile.PATH, WHOLE);
    return this;
  }

  /** What a text with {@code ${variables}} needs: the identity files for identity variables. */
  public Reads variablesIn(String text) {
    for (String v : Variables.namesIn(text)) {
      if (IDENTITY_VARIABLES.contains(v)) {
        identity();
      }
    }
    return this;
  }
}
