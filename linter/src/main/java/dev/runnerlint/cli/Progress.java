package dev.runnerlint.cli;

import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.pipeline.LayerStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Progress on stderr while layers are read: {@code terminal} prints a line per layer (its bytes, or
 * that it came from the cache) and a total per image, like {@code docker pull}; {@code plain} one
 * line per image (for CI logs); {@code none} nothing. Reports never change.
 */
final class Progress implements LayerStore.Listener {

  enum Mode {
    TERMINAL,
    PLAIN,
    NONE
  }

  private final Mode mode;
  private final PrintWriter err;
  private final Map<PlatformImage, long[]> seen = new HashMap<>(); // layers, cached, bytes

  private Progress(Mode mode, PrintWriter err) {
    this.mode = mode;
    this.err = err;
  }

  static Progress parse(String text, PrintWriter err) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "auto" -> new Progress(stderrIsTerminal() ? Mode.TERMINAL : Mode.NONE, err);
      case "plain" -> new Progress(Mode.PLAIN, err);
      case "none" -> new Progress(Mode.NONE, err);
      default ->
          throw new UsageException("--progress: '" + text + "' is not one of auto, plain, none");
    };
  }

  /** The process's stderr is a terminal (Linux: fd 2 is a tty or pty). */
  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void layer(PlatformImage image, int index, boolean cached, long bytes) {
    if (mode == Mode.NONE) {
      return;
    }
    synchronized (err) {
      long[] s = seen.computeIfAbsent(image, i -> new long[3]);
      s[0]++;
      s[1] += cached ? 1 : 0;
      s[2] += bytes;
      String who = image.reference() + " (" + image.platform() + ")";
      if (mode == Mode.TERMINAL) {
        err.println(
            who
                + ": layer "
                + (index + 1)
                + "/"
                + image.layers().size()
                + " "
                + image.layers().get(index).digest().shortHex()
                + (cached ? ": cached" : ": " + CacheCommand.human(bytes) + " fetched"));
      }
      if (s[0] == image.layers().size()) {
        err.println(
            who
                + ": "
                + s[0]
                + " layer"
                + (s[0] == 1 ? "" : "s")
                + " read, "
                + s[1]
                + " from the cache, "
                + CacheCommand.human(s[2])
                + " fetched");
        seen.remove(image);
      }
      err.flush();
    }
  }
}
