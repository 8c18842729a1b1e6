package dev.runnerlint.rules;

/**
 * An error in a user-written YAML file (a rule pack or {@code .runnerlint.yaml}), located at a
 * line: its message reads {@code file:line: what is wrong}. The CLI exits 2 on it.
 */
public abstract class LocatedException extends Exception {
  private final String file;
  private final int line;
  private final String problem;

  protected LocatedException(String file, int line, String problem) {
    super(line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }

  /** The file as it was named (a path, or {@code builtin:NAME} for bundled packs). */
  public String file() {
    return file;
  }

  /** The 1-based line, or 0 when the error concerns the file as a whole. */
  public int line() {
    return line;
  }

  /** What is wrong, without the location. */
  public String problem() {
    return problem;
  }
}
