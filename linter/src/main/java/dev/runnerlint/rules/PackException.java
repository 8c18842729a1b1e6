package dev.runnerlint.rules;

/** A rule pack that cannot be loaded: {@code file:line: what is wrong}. The CLI exits 2. */
public class PackException extends LocatedException {
  public PackException(String file, int line, String problem) {
    super(file, line, problem);
  }
}
