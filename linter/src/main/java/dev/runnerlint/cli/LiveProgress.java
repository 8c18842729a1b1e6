package dev.runnerlint.cli;

import dev.runnerlint.image.PlatformImage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The terminal display of {@code --progress auto}, like {@code docker pull}: a block per image
 * being read — its name, a line per layer (short digest, state, bytes read of the blob's size) and
 * a total — redrawn in place (cursor up, erase line) at most once per {@link #INTERVAL_NANOS}. A
 * finished image's block is drawn once more, whole, above the live ones and is not touched again,
 * so the final state of every image stays on screen and every draw ends at the start of a clean
 * line.
 *
 * <p>Thread-safe: byte counts are written by the layer threads without a lock (an atomic store per
 * read of the blob stream) and only read when drawing; state changes and draws hold this object's
 * lock. Draws happen only in {@link #drawIfDue} (the caller's clock), {@link #line} and {@link
 * #close}.
 */
final class LiveProgress {

  /** At most ten redraws a second. */
  static final long INTERVAL_NANOS = 100_000_000L;

  private static final String ESC = "\u001b[";

  enum State {
    WAITING("waiting"),
    DOWNLOADING("downloading"),
    CACHED("cached"),
    DONE("done"),
    FAILED("failed");

    final String label;

    State(String label) {
      this.label = label;
    }

    boolean finished() {
      return this == CACHED || this == DONE || this == FAILED;
    }
  }

  /** One image's layers: states under the lock, bytes read written by the layer threads. */
  private static final class Block {
    final PlatformImage image;
    final State[] states;
    final AtomicLongArray read;
    boolean finished; // no more changes; frozen on screen at the next draw

    Block(PlatformImage image) {
      this.image = image;
      this.states = new State[image.layers().size()];
      java.util.Arrays.fill(states, State.WAITING);
      this.read = new AtomicLongArray(states.length);
    }
  }

  private final PrintWriter err;
  private final Supplier<TerminalSize> size;
  private int width; // of the last draw
  private int height;
  private final Map<PlatformImage, Block> blocks = new IdentityHashMap<>(); // under the lock
  private final List<Block> live = new ArrayList<>(); // in the order the images started
  private volatile boolean dirty;
  private int drawnLines; // live lines on screen, above the cursor
  private long lastDraw;
  private boolean drawnOnce;
  private boolean closed;

  /**
   * @param width the terminal's columns: longer lines are cut (a wrapped line would break the
   *     cursor-up count)
   * @param height the terminal's rows: live blocks taller than that show only layers in flight
   */
  LiveProgress(PrintWriter err, int width, int height) {
    this(err, () -> new TerminalSize(width, height));
  }

  /** As above, with the terminal's size asked before every draw (a window may be resized). */
  LiveProgress(PrintWriter err, Supplier<TerminalSize> size) {
    this.err = err;
    this.size = size;
  }

  synchronized void imageStarted(PlatformImage image) {
    if (closed || blocks.containsKey(image)) {
      return;
    }
    Block b = new Block(image);
    blocks.put(image, b);
    live.add(b);
    dirty = true;
  }

  /** The layer is downloading; the returned sink (one atomic store per read) takes its bytes. */
  synchronized LongConsumer fetching(PlatformImage image, int index) {
    set(image, index, State.DOWNLOADING);
    Block b = blocks.get(image);
    if (b == null) {
      return bytes -> {};
    }
    AtomicLongArray read = b.read;
    return bytes -> {
      read.lazySet(index, bytes);
      dirty = true;
    };
  }

  synchronized void layer(PlatformImage image, int index, boolean cached, long bytes) {
    Block b = blocks.get(image);
    if (b != null && !cached) {
      b.read.set(index, bytes);
    }
    set(image, index, cached ? State.CACHED : State.DONE);
  }

  synchronized void failed(PlatformImage image, int index) {
    set(image, index, State.FAILED);
  }

  synchronized void imageFinished(PlatformImage image) {
    Block b = blocks.get(image);
    if (b != null && !b.finished) {
      blocks.remove(image); // a later read of the same image gets a block of its own
      b.finished = true; // drawn once more, frozen, at the next draw
      dirty = true;
    }
  }

  private void set(PlatformImage image, int index, State state) {
    Block b = blocks.get(image);
    if (b != null && !b.finished && !b.states[index].finished()) {
      b.states[index] = state;
      dirty = true;
    }
  }

  /** Redraws when something changed and the last draw is at least the interval old. */
  synchronized void drawIfDue(long nowNanos) {
    if (closed || !dirty || (drawnOnce && nowNanos - lastDraw < INTERVAL_NANOS)) {
      return;
    }
    lastDraw = nowNanos;
    drawnOnce = true;
    draw(null);
  }

  /** Prints {@code text} as its own line above the live blocks (e.g. a debug line). */
  synchronized void line(String text) {
    if (closed) {
      synchronized (err) {
        err.println(text);
        err.flush();
      }
      return;
    }
    draw(text);
  }

  /**
   * The final draw: every block still live is frozen as it stands (an image that failed keeps its
   * last state), and the cursor is left at the start of a clean line below them.
   */
  synchronized void close() {
    if (closed) {
      return;
    }
    for (Block b : live) {
      b.finished = true;
    }
    dirty = true;
    draw(null);
    closed = true;
  }

  /** Erases the live lines, prints {@code above} and the frozen blocks, then the live ones. */
  private void draw(String above) {
    dirty = false;
    TerminalSize now = size.get();
    width = Math.max(20, now.columns());
    height = Math.max(4, now.rows());
    StringBuilder out = new StringBuilder(256);
    if (drawnLines > 0) {
      out.append('\r').append(ESC).append(drawnLines).append('A');
    }
    if (above != null) {
      out.append(above).append(ESC).append("K\n");
    }
    List<Block> stillLive = new ArrayList<>();
    for (Block b : live) {
      if (b.finished) {
        for (String l : lines(b, false)) {
          out.append(cut(l)).append(ESC).append("K\n");
        }
      } else {
        stillLive.add(b);
      }
    }
    live.retainAll(stillLive);
    List<String> shown = new ArrayList<>();
    boolean compact = false;
    for (Block b : live) {
      shown.addAll(lines(b, false));
    }
    if (shown.size() > height - 1) {
      compact = true;
      shown.clear();
      for (Block b : live) {
        shown.addAll(lines(b, true));
      }
      if (shown.size() > height - 1) {
        shown = shown.subList(0, height - 1);
      }
    }
    for (String l : shown) {
      out.append(cut(l)).append(ESC).append("K\n");
    }
    out.append(ESC).append('J'); // what a taller earlier draw left below
    drawnLines = shown.size();
    synchronized (err) {
      err.print(out);
      err.flush();
    }
    if (compact) {
      dirty = true; // keep redrawing: what is shown is a selection
    }
  }

  private String cut(String line) {
    return line.length() < width ? line : line.substring(0, width - 1);
  }

  /**
   * A block's lines: the image, one per layer, the total. {@code compact} keeps only the layers
   * being downloaded or that failed (the total still counts them all).
   */
  private static List<String> lines(Block b, boolean compact) {
    List<String> out = new ArrayList<>();
    PlatformImage image = b.image;
    out.add(image.reference() + " (" + image.platform() + ")");
    int done = 0;
    int cached = 0;
    long read = 0;
    long size = 0;
    for (int i = 0; i < b.states.length; i++) {
      State s = b.states[i];
      long layerSize = image.layers().get(i).size();
      long layerRead = Math.min(b.read.get(i), layerSize);
      if (s == State.CACHED) {
        cached++;
      } else {
        size += layerSize;
        read += s == State.DONE ? layerSize : layerRead;
      }
      if (s == State.CACHED || s == State.DONE) {
        done++;
      }
      if (compact && s != State.DOWNLOADING && s != State.FAILED) {
        continue;
      }
      StringBuilder line = new StringBuilder("  ");
      line.append(image.layers().get(i).digest().shortHex()).append("  ");
      line.append(String.format(java.util.Locale.ROOT, "%-11s", s.label));
      switch (s) {
        case DOWNLOADING, FAILED ->
            line.append("  ")
                .append(CacheCommand.human(layerRead))
                .append(" / ")
                .append(CacheCommand.human(layerSize));
        case DONE -> line.append("  ").append(CacheCommand.human(layerSize));
        default -> {}
      }
      out.add(line.toString().stripTrailing());
    }
    out.add(
        "  total         "
            + done
            + "/"
            + b.states.length
            + " layers"
            + (cached > 0 ? " (" + cached + " cached)" : "")
            + ", "
            + CacheCommand.human(read)
            + " / "
            + CacheCommand.human(size));
    return out;
  }
}
