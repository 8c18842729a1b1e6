package dev.runnerlint.facts.sudo;

/**
 * A statement of a sudoers file: where it is and its text (continuation lines joined, comment
 * removed).
 *
 * @param line the one-based number of its first physical line
 */
public record SudoersLine(String path, int line, String text) {
  @Override
  public String toString() {
    return path + ":" + line;
  }
}
