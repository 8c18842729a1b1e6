package dev.runnerlint.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a terminal shows after a stream of output: text, {@code \r}, {@code \n}, and the escape
 * sequences the progress display uses (cursor up {@code ESC[nA}, erase line {@code ESC[K}, erase
 * below {@code ESC[J}). Any other escape sequence fails the test: the display must not rely on it.
 * The screen is unbounded (nothing scrolls off).
 */
final class TerminalScreen {
  private static final Pattern CSI = Pattern.compile("\u001b\\[(\\d*)([A-Za-z])");

  private final List<StringBuilder> rows = new ArrayList<>();
  private int row;
  private int col;
  int cursorUps; // how many ESC[nA were seen

  static TerminalScreen of(String output) {
    TerminalScreen s = new TerminalScreen();
    s.write(output);
    return s;
  }

  void write(String output) {
    int i = 0;
    while (i < output.length()) {
      char c = output.charAt(i);
      if (c == '\u001b') {
        Matcher m = CSI.matcher(output).region(i, output.length());
        if (!m.lookingAt()) {
          throw new AssertionError("not a CSI sequence at " + i + ": " + output.substring(i));
        }
        int n = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
        switch (m.group(2)) {
          case "A" -> {
            row = Math.max(0, row - n);
            cursorUps++;
          }
          case "K" -> line().setLength(Math.min(col, line().length()));
          case "J" -> {
            line().setLength(Math.min(col, line().length()));
            while (rows.size() > row + 1) {
              rows.remove(rows.size() - 1);
            }
          }
          default -> throw new AssertionError("unexpected escape sequence " + m.group());
        }
        i = m.end();
        continue;
      }
      if (c == '\r') {
        col = 0;
      } else if (c == '\n') {
        row++;
        col = 0; // the pty turns \n into \r\n (onlcr); the display always writes \n at line ends
        while (rows.size() <= row) {
          rows.add(new StringBuilder());
        }
      } else {
        StringBuilder l = line();
        while (l.length() < col) {
          l.append(' ');
        }
        if (col < l.length()) {
          l.setCharAt(col, c);
        } else {
          l.append(c);
        }
        col++;
      }
      i++;
    }
  }

  private StringBuilder line() {
    while (rows.size() <= row) {
      rows.add(new StringBuilder());
    }
    return rows.get(row);
  }

  /** The screen's lines, trailing blank lines dropped. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    for (StringBuilder r : rows) {
      out.add(r.toString());
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
      out.remove(out.size() - 1);
    }
    return out;
  }
}
