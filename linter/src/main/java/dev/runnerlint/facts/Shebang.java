package dev.runnerlint.facts;

import dev.runnerlint.layer.Content;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code #!} line of a script, split as Linux's {@code binfmt_script} does: the interpreter
 * runs up to the first space or tab, and everything after it (blanks around it trimmed) is ONE
 * optional argument. For {@code /usr/bin/env} (any path ending in {@code /env}) the command env
 * will look up on {@code PATH} is worked out too, including {@code env -S "bash -e"}.
 *
 * <p>Only space and tab are blanks to the kernel, so a file with CRLF line endings has an
 * interpreter (or env command) ending in {@code \r}, e.g. {@code bash\r}: the script fails with "No
 * such file or directory". {@link #crlf()} flags that.
 *
 * @param status what was found
 * @param interpreter the interpreter path as the kernel sees it (may end in {@code \r})
 * @param argument the single optional argument
 * @param envCommand for {@code env}: the command env runs (what to find on the image's PATH)
 * @param crlf the line ends with {@code \r}: CRLF line endings
 * @param notes other observations, e.g. an env argument with blanks but without {@code -S}
 */
public record Shebang(
    Status status,
    String interpreter,
    Optional<String> argument,
    Optional<String> envCommand,
    boolean crlf,
    List<String> notes) {

  /** What the head of the file showed. */
  public enum Status {
    /** A complete {@code #!} line. */
    OK,
    /** The file does not start with {@code #!}. */
    NOT_SHEBANG,
    /** No end of line in the captured bytes: the line is cut, so the interpreter is unknown. */
    TRUNCATED,
    /** {@code #!} with no interpreter: the kernel refuses to run it (ENOEXEC). */
    NO_INTERPRETER
  }

  public Shebang {
    interpreter = interpreter == null ? "" : interpreter;
    notes = List.copyOf(notes);
  }

  /**
   * Parses the first bytes of a file that may have been cut: without a newline in {@code head} the
   * result is {@link Status#TRUNCATED}.
   */
  public static Shebang parse(byte[] head) {
    return parse(head, true);
  }

  /** Parses captured content: when it is the whole file, its end also ends the line. */
  public static Shebang parse(Content content) {
    return parse(content.bytes(), content.truncated());
  }

  /**
   * Parses the start of a file; {@code mayBeCut} says whether more bytes may follow {@code head}.
   */
  public static Shebang parse(byte[] head, boolean mayBeCut) {
    if (head.length < 2 || head[0] != '#' || head[1] != '!') {
      return new Shebang(
          Status.NOT_SHEBANG, "", Optional.empty(), Optional.empty(), false, List.of());
    }
    int end = -1;
    for (int i = 2; i < head.length; i++) {
      if (head[i] == '\n') {
        end = i;
        break;
      }
    }
    if (end < 0) {
      if (mayBeCut) {
        return new Shebang(
            Status.TRUNCATED,
            "",
            Optional.empty(),
            Optional.empty(),
            false,
            List.of("no end of line within the first " + head.length + " bytes"));
      }
      end = head.length;
    }
    String line = new String(head, 2, end - 2, StandardCharsets.UTF_8);
    boolean crlf = line.endsWith("\r");
    String s = stripBlanks(line);
    if (s.isEmpty() || (crlf && s.equals("\r"))) {
      return new Shebang(
          Status.NO_INTERPRETER, "", Optional.empty(), Optional.empty(), crlf, List.of());
    }
    int blank = indexOfBlank(s);
    String interpreter = blank < 0 ? s : s.substring(0, blank);
    Optional<String> argument =
        blank < 0
            ? Optional.empty()
            : Optional.of(stripBlanks(s.substring(blank))).filter(a -> !a.isEmpty());
    List<String> notes = new ArrayList<>();
    Optional<String> envCommand = Optional.empty();
    if (interpreter.endsWith("/env") || interpreter.equals("env")) {
      envCommand = envCommand(argument.orElse(""), notes);
    }
    if (crlf) {
      notes.add(
          "the line ends with a carriage return (CRLF line endings): the kernel looks for '"
              + (envCommand.isPresent() ? envCommand.get() : interpreter).replace("\r", "\\r")
              + "'");
    }
    return new Shebang(Status.OK, interpreter, argument, envCommand, crlf, notes);
  }

  /** The command {@code env} would run given the one argument the kernel passes it. */
  private static Optional<String> envCommand(String arg, List<String> notes) {
    if (arg.isEmpty()) {
      notes.add("env without a command runs nothing (it prints the environment)");
      return Optional.empty();
    }
    if (arg.startsWith("-S") || arg.startsWith("--split-string")) {
      String rest;
      if (arg.startsWith("--split-string=")) {
        rest = arg.substring("--split-string=".length());
      } else if (arg.startsWith("--split-string")) {
        rest = arg.substring("--split-string".length());
      } else {
        rest = arg.substring(2);
      }
      String[] words = rest.strip().split("[ \t]+");
      for (int i = 0; i < words.length; i++) {
        String w = words[i];
        if (w.isEmpty() || w.contains("=") && !w.startsWith("-")) {
          continue; // NAME=value assignment
        }
        if (w.equals("-u") || w.equals("-C") || w.equals("--unset") || w.equals("--chdir")) {
          i++;
          continue;
        }
        if (w.startsWith("-")) {
          continue;
        }
        return Optional.of(w);
      }
      notes.add("env -S names no command");
      return Optional.empty();
    }
    if (arg.startsWith("-")) {
      notes.add(
          "env receives '"
              + arg
              + "' as one argument (Linux passes a single argument);"
              + " use 'env -S' to split it");
      return Optional.empty();
    }
    if (indexOfBlank(arg) >= 0) {
      notes.add(
          "env receives '"
              + arg
              + "' as one command name (Linux passes a single argument);"
              + " use '#!/usr/bin/env -S "
              + arg
              + "'");
    }
    return Optional.of(arg);
  }

  /** True when the interpreter is {@code env}, which looks its command up on PATH. */
  public boolean usesEnv() {
    return interpreter.endsWith("/env") || interpreter.equals("env");
  }

  /**
   * What must exist in the image for the script to start: for env the command name to look up on
   * PATH, otherwise the interpreter path.
   */
  public Optional<String> command() {
    if (status != Status.OK) {
      return Optional.empty();
    }
    return usesEnv() ? envCommand : Optional.of(interpreter);
  }

  private static String stripBlanks(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
      a++;
    }
    while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
      b--;
    }
    return s.substring(a, b);
  }

  private static int indexOfBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
        return i;
      }
    }
    return -1;
  }
}
