package dev.runnerlint.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * The columns and rows of the terminal on stderr: {@code ioctl(2, TIOCGWINSZ)} through JNA (Linux),
 * else {@code COLUMNS}/{@code LINES}, else 80 × 24. Read once, when the live progress display
 * starts.
 */
record TerminalSize(int columns, int rows) {

  private static final long TIOCGWINSZ = 0x5413; // Linux (x86, arm, riscv)

  /** libc's {@code ioctl}, as JLine binds it: {@code struct winsize} is four shorts. */
  interface LibC extends Library {
    int ioctl(int fd, NativeLong request, short[] winsize);
  }

  static TerminalSize ofStderr() {
    try {
      short[] ws = new short[4]; // rows, columns, x pixels, y pixels
      LibC c = Native.load("c", LibC.class);
      if (c.ioctl(2, new NativeLong(TIOCGWINSZ), ws) == 0 && ws[0] > 0 && ws[1] > 0) {
        return new TerminalSize(ws[1], ws[0]);
      }
    } catch (LinkageError | RuntimeException e) {
      // no JNA or no libc: the environment's word, or the classic size
    }
    return new TerminalSize(env("COLUMNS", 80), env("LINES", 24));
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
