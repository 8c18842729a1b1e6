package dev.runnerlint.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.util.function.Supplier;

/**
 * The columns and rows of the terminal on stderr: {@code ioctl(2, TIOCGWINSZ)} through JNA (Linux),
 * else {@code COLUMNS}/{@code LINES}, else 80 × 24. The live progress display asks again before
 * every draw, so it follows a resized window.
 */
record TerminalSize(int columns, int rows) {

  private static final long TIOCGWINSZ = 0x5413; // Linux (x86, arm, riscv)

  /** libc's {@code ioctl}, as JLine binds it: {@code struct winsize} is four shorts. */
  interface LibC extends Library {
    int ioctl(int fd, NativeLong request, short[] winsize);
  }

  /**
   * The size of the terminal on stderr, asked anew at every {@code get()} (one {@code ioctl}; libc
   * is bound once).
   */
  static Supplier<TerminalSize> stderr() {
    TerminalSize fallback = new TerminalSize(env("COLUMNS", 80), env("LINES", 24));
    LibC c;
    try {
      c = Native.load("c", LibC.class);
    } catch (LinkageError | RuntimeException e) {
      return () -> fallback; // no JNA or no libc: the environment's word, or the classic size
    }
    NativeLong request = new NativeLong(TIOCGWINSZ);
    return () -> {
      try {
        short[] ws = new short[4]; // rows, columns, x pixels, y pixels
        if (c.ioctl(2, request, ws) == 0 && ws[0] > 0 && ws[1] > 0) {
          return new TerminalSize(ws[1], ws[0]);
        }
      } catch (LinkageError | RuntimeException e) {
        // as if there were no terminal size
      }
      return fallback;
    };
  }

  private static int env(String name, int otherwise) {
    try {
      int v = Integer.parseInt(System.getenv().getOrDefault(name, ""));
      return v > 0 ? v : otherwise;
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
