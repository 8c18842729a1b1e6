package dev.runnerlint.values;

/** A Helm values file that cannot be used: {@code FILE:LINE: what is wrong}. */
public final class ValuesException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String problem;

  public ValuesException(String file, int line, String problem) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public String problem() {
    return problem;
  }
}
