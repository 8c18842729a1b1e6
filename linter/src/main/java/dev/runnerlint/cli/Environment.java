package dev.runnerlint.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the CLI sees of the process around it: the working directory (where {@code .runnerlint.yaml}
 * is looked for and relative paths start), the environment variables (e.g. {@code NO_COLOR}) and
 * whether stdout is a terminal. {@link Main#main} uses the real process; tests pass their own.
 *
 * @param workingDir absolute working directory
 * @param variables environment variables
 * @param stdoutIsTerminal true only when the output writer is an interactive terminal
 */
public record Environment(
    Path workingDir, Map<String, String> variables, boolean stdoutIsTerminal) {

  public Environment {
    workingDir = workingDir.toAbsolutePath().normalize();
    variables = Map.copyOf(variables);
  }

  /** The running process; stdout counts as a terminal when the JVM has a console. */
  public static Environment system() {
    return new Environment(Path.of("").toAbsolutePath(), System.getenv(), System.console() != null);
  }

  /**
   * The running process, with output going to writers that are not a terminal (what {@link
   * Main#run(String[], java.io.PrintWriter, java.io.PrintWriter)} assumes).
   */
  public static Environment notATerminal() {
    return new Environment(Path.of("").toAbsolutePath(), System.getenv(), false);
  }

  /** Resolves a path given on the command line against the working directory. */
  public Path resolve(Path path) {
    return workingDir.resolve(path).normalize();
  }

  /**
   * True when {@code --color auto} colours: {@code FORCE_COLOR} set (not empty or {@code 0}) forces
   * it (force-color.org); else never with {@code NO_COLOR} set and not empty (no-color.org) or
   * {@code TERM=dumb}; else only when stdout is a terminal.
   */
  public boolean colourAllowed() {
    String force = variables.get("FORCE_COLOR");
    if (force != null && !force.isEmpty() && !force.equals("0") && !force.equals("false")) {
      return true;
    }
    String noColor = variables.get("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return false;
    }
    if ("dumb".equals(variables.get("TERM"))) {
      return false;
    }
    return stdoutIsTerminal;
  }
}
