package dev.runnerlint.layer;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides, per layer entry, how many leading bytes of its content to keep while the layer streams
 * by (0 = none). A generic value: it names no file of its own, but is built from selectors that
 * whoever needs content declares (the rules declare theirs: {@code RuleCatalog.capturePolicy}):
 *
 * <ul>
 *   <li>{@link Builder#path(String, int) path}: the regular file at exactly that path;
 *   <li>{@link Builder#named(String, int) named}: every regular file with that name (a path reached
 *       through a symlink or a hard link is stored under its target's name);
 *   <li>{@link Builder#children(String, int) children}: the regular files directly in a directory;
 *   <li>{@link Builder#executables(int) executables}: every regular file with an execute bit.
 * </ul>
 *
 * <p>Every answer is bounded by {@link #maxCap()} per file, and a reader keeps at most {@link
 * #totalCap()} bytes for one image; content beyond the bounds is not kept, so a check that needs it
 * is skipped, never passed. Immutable; {@link #key()} identifies what it captures.
 */
public final class CapturePolicy {

  /** The default bound on bytes kept per file: 1 MiB. */
  public static final int DEFAULT_MAX_CAP = 1 << 20;

  /** The default bound on bytes kept of one image, all files together: 64 MiB. */
  public static final long DEFAULT_TOTAL_CAP = 64L << 20;

  private static final CapturePolicy NONE = builder().build();

  private final Map<String, Integer> exact;
  private final Map<String, Integer> names;
  private final Map<String, Integer> dirs;
  private final int executables;
  private final int maxCap;
  private final long totalCap;

  private CapturePolicy(
      Map<String, Integer> exact,
      Map<String, Integer> names,
      Map<String, Integer> dirs,
      int executables,
      int maxCap,
      long totalCap) {
    this.exact = Map.copyOf(exact);
    this.names = Map.copyOf(names);
    this.dirs = Map.copyOf(dirs);
    this.executables = executables;
    this.maxCap = maxCap;
    this.totalCap = totalCap;
  }

  /** Captures nothing. */
  public static CapturePolicy none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this policy's selectors and bounds, to add more. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.exact.putAll(exact);
    b.names.putAll(names);
    b.dirs.putAll(dirs);
    b.executables = executables;
    b.maxCap = maxCap;
    b.totalCap = totalCap;
    return b;
  }

  /**
   * This policy, plus up to {@code cap} bytes (at most {@link #maxCap()}) of each of the given
   * exact paths (normalised like tar entry names), e.g. for {@code inspect --cat}.
   */
  public CapturePolicy plus(java.util.Set<String> paths, int cap) {
    Builder b = toBuilder();
    paths.forEach(p -> b.path(p, cap));
    return b.build();
  }

  /** This policy with another bound on bytes kept per file. */
  public CapturePolicy withMaxCap(int maxCap) {
    return toBuilder().maxCap(maxCap).build();
  }

  /** The bound on bytes kept per file. */
  public int maxCap() {
    return maxCap;
  }

  /** The bound on bytes kept of one image, all files together. */
  public long totalCap() {
    return totalCap;
  }

  /** True when nothing is captured. */
  public boolean capturesNothing() {
    return exact.isEmpty() && names.isEmpty() && dirs.isEmpty() && executables == 0;
  }

  /**
   * How many leading bytes of this entry's content to keep: 0 for anything but a regular file with
   * data of its own (hard links share their target's capture).
   */
  public int bytesToCapture(LayerEntry entry) {
    if (entry.type() != FileType.REGULAR || entry.hardLink()) {
      return 0;
    }
    int want = exact.getOrDefault(entry.path(), 0);
    if (!names.isEmpty()) {
      want = Math.max(want, names.getOrDefault(entry.name(), 0));
    }
    if (!dirs.isEmpty()) {
      want = Math.max(want, dirs.getOrDefault(entry.parent(), 0));
    }
    if (executables > 0 && (entry.mode() & 0111) != 0) {
      want = Math.max(want, executables);
    }
    return Math.min(want, maxCap);
  }

  /**
   * A stable identity of what this policy captures: equal keys capture the same bytes of every
   * image (selectors sorted, caps included), e.g. to key a cache of read layers.
   */
  public String key() {
    StringBuilder s = new StringBuilder("capture/1;max=").append(maxCap);
    s.append(";total=").append(totalCap);
    s.append(";exec=").append(Math.min(executables, maxCap));
    append(s, "path", exact);
    append(s, "name", names);
    append(s, "dir", dirs);
    return s.toString();
  }

  private void append(StringBuilder s, String kind, Map<String, Integer> m) {
    for (Map.Entry<String, Integer> e : new TreeMap<>(m).entrySet()) {
      int cap = Math.min(e.getValue(), maxCap);
      if (cap > 0) {
        s.append(';').append(kind).append('=').append(e.getKey()).append('=').append(cap);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CapturePolicy p && p.key().equals(key());
  }

  @Override
  public int hashCode() {
    return key().hashCode();
  }

  @Override
  public String toString() {
    return key();
  }

  /** Collects selectors; the largest byte count asked for a selector wins. */
  public static final class Builder {
    private final Map<String, Integer> exact = new HashMap<>();
    private final Map<String, Integer> names = new HashMap<>();
    private final Map<String, Integer> dirs = new HashMap<>();
    private int executables;
    private int maxCap = DEFAULT_MAX_CAP;
    private long totalCap = DEFAULT_TOTAL_CAP;

    private Builder() {}

    /** Up to {@code bytes} of the regular file at {@code path} (an absolute image path). */
    public Builder path(String path, int bytes) {
      exact.merge(LayerEntry.normalize(path), nonNegative(bytes), Math::max);
      return this;
    }

    /** Up to {@code bytes} of every regular file named {@code name}. */
    public Builder named(String name, int bytes) {
      if (name.isEmpty() || name.contains("/")) {
        throw new IllegalArgumentException("not a file name: '" + name + "'");
      }
      names.merge(name, nonNegative(bytes), Math::max);
      return this;
    }

    /** Up to {@code bytes} of every regular file directly in {@code dir}. */
    public Builder children(String dir, int bytes) {
      dirs.merge(LayerEntry.normalize(dir), nonNegative(bytes), Math::max);
      return this;
    }

    /** Up to {@code bytes} of every regular file with an execute bit. */
    public Builder executables(int bytes) {
      executables = Math.max(executables, nonNegative(bytes));
      return this;
    }

    /** The bound on bytes kept per file. */
    public Builder maxCap(int cap) {
      maxCap = nonNegative(cap);
      return this;
    }

    /** The bound on bytes kept of one image. */
    public Builder totalCap(long cap) {
      if (cap < 0) {
        throw new IllegalArgumentException("cap must be >= 0: " + cap);
      }
      totalCap = cap;
      return this;
    }

    public CapturePolicy build() {
      return new CapturePolicy(exact, names, dirs, executables, maxCap, totalCap);
    }

    private static int nonNegative(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("cap must be >= 0: " + n);
      }
      return n;
    }
  }
}
