package dev.runnerlint.layer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decides, per layer entry, how many leading bytes of its content to keep while the layer streams
 * by (0 = none). Every answer is bounded by {@link #maxCap()}, so memory stays bounded whatever the
 * image holds. Immutable.
 */
public final class CapturePolicy {

  /** The default bound on bytes kept per file: 1 MiB. */
  public static final int DEFAULT_MAX_CAP = 1 << 20;

  /** Bytes kept of executables and scripts: enough for an ELF header and a shebang line. */
  public static final int HEAD_BYTES = 256;

  private static final Set<String> FULL_PATHS =
      Set.of("/etc/passwd", "/etc/group", "/etc/sudoers", "/etc/os-release", "/usr/lib/os-release");

  private static final Set<String> HEAD_NAMES =
      Set.of("Runner.Listener", "Runner.Worker", "run.sh");

  private static final CapturePolicy NONE = new CapturePolicy(false, Map.of(), DEFAULT_MAX_CAP);
  private static final CapturePolicy DEFAULTS = new CapturePolicy(true, Map.of(), DEFAULT_MAX_CAP);

  private final boolean defaults;
  private final Map<String, Integer> exact;
  private final int maxCap;

  private CapturePolicy(boolean defaults, Map<String, Integer> exact, int maxCap) {
    this.defaults = defaults;
    this.exact = Map.copyOf(exact);
    this.maxCap = maxCap;
  }

  /**
   * What the facts need: the whole of {@code /etc/passwd}, {@code /etc/group}, {@code
   * /etc/sudoers}, the files directly under {@code /etc/sudoers.d/} and the os-release files; the
   * first {@value #HEAD_BYTES} bytes of every regular file with an execute bit, a {@code .sh} name,
   * or the name {@code Runner.Listener}, {@code Runner.Worker} or {@code run.sh}.
   */
  public static CapturePolicy defaults() {
    return DEFAULTS;
  }

  /** Captures nothing. */
  public static CapturePolicy none() {
    return NONE;
  }

  /**
   * This policy, plus up to {@code cap} bytes (at most {@link #maxCap()}) of each of the given
   * exact paths (normalised like tar entry names), e.g. for {@code inspect --cat}.
   */
  public CapturePolicy plus(Set<String> paths, int cap) {
    if (cap < 0) {
      throw new IllegalArgumentException("cap must be >= 0: " + cap);
    }
    Map<String, Integer> merged = new HashMap<>(exact);
    for (String p : paths) {
      merged.merge(LayerEntry.normalize(p), cap, Math::max);
    }
    return new CapturePolicy(defaults, merged, maxCap);
  }

  /** This policy with another bound on bytes kept per file. */
  public CapturePolicy withMaxCap(int maxCap) {
    if (maxCap < 0) {
      throw new IllegalArgumentException("maxCap must be >= 0: " + maxCap);
    }
    return new CapturePolicy(defaults, exact, maxCap);
  }

  /** The bound on bytes kept per file. */
  public int maxCap() {
    return maxCap;
  }

  /**
   * How many leading bytes of this entry's content to keep: 0 for anything but a regular file with
   * data of its own (hard links share their target's capture).
   */
  public int bytesToCapture(LayerEntry entry) {
    if (entry.type() != FileType.REGULAR || entry.hardLink()) {
      return 0;
    }
    String path = entry.path();
    int want = exact.getOrDefault(path, 0);
    if (defaults) {
      if (FULL_PATHS.contains(path) || entry.parent().equals("/etc/sudoers.d")) {
        want = Math.max(want, DEFAULT_MAX_CAP);
      } else {
        String name = entry.name();
        if ((entry.mode() & 0111) != 0 || name.endsWith(".sh") || HEAD_NAMES.contains(name)) {
          want = Math.max(want, HEAD_BYTES);
        }
      }
    }
    return Math.min(want, maxCap);
  }
}
