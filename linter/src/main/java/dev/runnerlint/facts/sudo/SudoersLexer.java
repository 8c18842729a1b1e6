package dev.runnerlint.facts.sudo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The sudoers lexer: logical lines (continuations joined, comments removed) and their tokens.
 * Errors are {@link SyntaxError}s, a checked exception the loader turns into problems.
 */
final class SudoersLexer {
  private SudoersLexer() {}

  /** {@code #include} / {@code @include} and the {@code dir} forms, with the rest of the line. */
  static final Pattern INCLUDE = Pattern.compile("^[ \t]*[#@](include|includedir)[ \t]+(.*)$");

  /** A syntax error in one statement. */
  static final class SyntaxError extends Exception {
    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  /** A logical line: continuation lines joined, comment removed. */
  record Logical(int line, String text) {}

  static List<Logical> logicalLines(String text) {
    List<Logical> out = new ArrayList<>();
    String[] physical = text.split("\n", -1);
    StringBuilder buf = null;
    int start = 0;
    for (int i = 0; i < physical.length; i++) {
      String line = physical[i];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      boolean logicalStart = buf == null;
      String s = stripComment(line, logicalStart);
      if (logicalStart) {
        buf = new StringBuilder();
        start = i + 1;
      } else {
        buf.append(' ');
      }
      if (endsWithContinuation(s)) {
        buf.append(s, 0, s.length() - 1);
        continue;
      }
      buf.append(s);
      out.add(new Logical(start, buf.toString()));
      buf = null;
    }
    if (buf != null) {
      out.add(new Logical(start, buf.toString()));
    }
    return out;
  }

  private static boolean endsWithContinuation(String s) {
    int n = 0;
    for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }

  /**
   * Removes a comment: {@code #} at the start of a token, unless it starts {@code #uid} / {@code
   * #-1}, or is {@code #include} / {@code #includedir} at the start of a logical line.
   */
  static String stripComment(String line, boolean logicalStart) {
    if (logicalStart && INCLUDE.matcher(line).matches()) {
      return line;
    }
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
        continue;
      }
      if (c == '#' && !quoted) {
        boolean tokenStart = i == 0 || " \t,:=()!".indexOf(line.charAt(i - 1)) >= 0;
        char next = i + 1 < line.length() ? line.charAt(i + 1) : '\n';
        boolean uid =
            Character.isDigit(next)
                || (next == '-' && i + 2 < line.length() && Character.isDigit(line.charAt(i + 2)));
        if (tokenStart && !uid) {
          return line.substring(0, i);
        }
      }
    }
    return line;
  }

  enum T {
    WORD,
    COMMA,
    COLON,
    EQUALS,
    LPAREN,
    RPAREN,
    BANG,
    END
  }

  /** A token; {@code spaceBefore} says whether blanks preceded it. */
  record Tok(T type, String text, boolean spaceBefore) {}

  static List<Tok> tokenize(String s) throws SyntaxError {
    List<Tok> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    boolean space = false;
    while (i < n) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t') {
        space = true;
        i++;
        continue;
      }
      T single =
          switch (c) {
            case ',' -> T.COMMA;
            case ':' -> T.COLON;
            case '=' -> T.EQUALS;
            case '(' -> T.LPAREN;
            case ')' -> T.RPAREN;
            case '!' -> T.BANG;
            default -> null;
          };
      if (single != null) {
        out.add(new Tok(single, String.valueOf(c), space));
        space = false;
        i++;
        continue;
      }
      StringBuilder sb = new StringBuilder();
      if (c == '"') {
        i++;
        while (i < n && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          sb.append(s.charAt(i));
          i++;
        }
        if (i >= n) {
          throw new SyntaxError("unterminated quoted string");
        }
        i++;
      } else {
        while (i < n) {
          c = s.charAt(i);
          if (c == ' ' || c == '\t' || c == ',' || c == '=' || c == '(' || c == ')' || c == '"') {
            break;
          }
          if (c == ':') {
            if (sb.length() == 1 && sb.charAt(0) == '%') {
              sb.append(c); // %:nonunix_group
              i++;
              continue;
            }
            break;
          }
          if (c == '\\' && i + 1 < n && ",:=()!\\ \t\"#".indexOf(s.charAt(i + 1)) >= 0) {
            sb.append(s.charAt(i + 1));
            i += 2;
            continue;
          }
          sb.append(c);
          i++;
        }
      }
      out.add(new Tok(T.WORD, sb.toString(), space));
      space = false;
    }
    out.add(new Tok(T.END, "", space));
    return out;
  }
}
