package dev.runnerlint.cli;

import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.DaemonThreads;
import dev.runnerlint.pipeline.LayerStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Progress on stderr while layers are read: {@code terminal} a live display like {@code docker
 * pull} ({@link LiveProgress}: a line per layer with its bytes read so far, and a total per image,
 * redrawn in place at most ten times a second); {@code plain} one line per image (for CI logs);
 * {@code none} nothing. Reports never change.
 */
final class Progress implements LayerStore.Listener, AutoCloseable {

  enum Mode {
    TERMINAL,
    PLAIN,
    NONE
  }

  private final Mode mode;
  private final PrintWriter err;
  private final Map<PlatformImage, long[]> seen = new HashMap<>(); // layers, cached, bytes
  private final LiveProgress live;
  private ScheduledExecutorService ticker; // redraws the live display; started by the first image

  private Progress(Mode mode, PrintWriter err) {
    this.mode = mode;
    this.err = err;
    if (mode == Mode.TERMINAL) {
      this.live = new LiveProgress(err, TerminalSize.stderr());
    } else {
      this.live = null;
    }
  }

  static Progress parse(String text, PrintWriter err) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "auto" ->
          new Progress(
              !stderrIsTerminal() ? Mode.NONE : dumbTerminal() ? Mode.PLAIN : Mode.TERMINAL, err);
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

  /** {@code TERM=dumb}: a terminal that cannot move the cursor gets the plain lines. */
  private static boolean dumbTerminal() {
    return "dumb".equals(System.getenv("TERM"));
  }

  @Override
  public void imageStarted(PlatformImage image) {
    if (live != null) {
      synchronized (this) {
        if (ticker == null) {
          ticker =
              Executors.newSingleThreadScheduledExecutor(
                  DaemonThreads.named("runnerlint-progress"));
          ticker.scheduleAtFixedRate(
              () -> live.drawIfDue(System.nanoTime()),
              0,
              LiveProgress.INTERVAL_NANOS,
              TimeUnit.NANOSECONDS);
        }
      }
      live.imageStarted(image);
    }
  }

  @Override
  public LongConsumer fetching(PlatformImage image, int index) {
    return live != null ? live.fetching(image, index) : bytes -> {};
  }

  @Override
  public void failed(PlatformImage image, int index) {
    if (live != null) {
      live.failed(image, index);
    }
  }

  @Override
  public void imageFinished(PlatformImage image) {
    if (live != null) {
      live.imageFinished(image);
    }
  }

  /**
   * A line of its own on stderr (e.g. {@code --debug}'s), above the live display if there is one.
   */
  void line(String text) {
    if (live != null) {
      live.line(text);
    } else {
      synchronized (err) {
        err.println(text);
        err.flush();
      }
    }
  }

  /** Stops redrawing: the live display's final state stays, and stderr is at a clean line. */
  @Override
  public void close() {
    if (live != null) {
      synchronized (this) {
        if (ticker != null) {
          ticker.shutdownNow();
        }
      }
      live.close();
    }
  }

  @Override
  public void layer(PlatformImage image, int index, boolean cached, long bytes) {
    if (live != null) {
      live.layer(image, index, cached, bytes);
      return;
    }
    if (mode == Mode.NONE) {
      return;
    }
    synchronized (err) {
      long[] s = seen.computeIfAbsent(image, i -> new long[3]);
      s[0]++;
      s[1] += cached ? 1 : 0;
      s[2] += bytes;
      String who = image.reference() + " (" + image.platform() + ")";
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
