package dev.runnerlint.oracle;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded, reproducible runner-image variants (a {@link SplittableRandom} combinator): the same seed
 * and count give the same variants. Each variant bends one to three dimensions at once. The first
 * variants walk a seeded shuffle of every (dimension, non-default value) pair twice, so every value
 * appears in at least two images once {@link #coveringCount()} images are made; later variants are
 * free random combinations.
 */
final class VariantGenerator {
  static final int MAX_BENT = 3;

  record Pair(Dimension dimension, String value) {
    @Override
    public String toString() {
      return dimension + "=" + value;
    }
  }

  private VariantGenerator() {}

  /** Every (dimension, non-default value) pair. */
  static List<Pair> pairs() {
    List<Pair> out = new ArrayList<>();
    for (Dimension d : Dimension.values()) {
      for (String v : d.values.subList(1, d.values.size())) {
        out.add(new Pair(d, v));
      }
    }
    return out;
  }

  /** {@code count} variants from {@code seed}. */
  static List<Variant> generate(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Pair> queue = new ArrayList<>();
    queue.addAll(shuffled(pairs(), random));
    queue.addAll(shuffled(pairs(), random));
    List<Variant> out = new ArrayList<>();
    List<Pair> all = pairs();
    for (int i = 0; i < count; i++) {
      Map<Dimension, String> bent = new EnumMap<>(Dimension.class);
      String layout = null;
      if (!queue.isEmpty()) {
        for (Iterator<Pair> it = queue.iterator(); it.hasNext() && bent.size() < MAX_BENT; ) {
          Pair p = it.next();
          String l = fits(bent, layout, p);
          if (l != null) {
            bent.put(p.dimension(), p.value());
            layout = l.equals("*") ? layout : l;
            it.remove();
          }
        }
      } else {
        int k = 1 + random.nextInt(MAX_BENT);
        for (int tries = 0; bent.size() < k && tries < 50; tries++) {
          Pair p = all.get(random.nextInt(all.size()));
          String l = fits(bent, layout, p);
          if (l != null) {
            bent.put(p.dimension(), p.value());
            layout = l.equals("*") ? layout : l;
          }
        }
      }
      if (layout == null) {
        layout = random.nextBoolean() ? "a" : "b";
      }
      out.add(new Variant(i, layout, bent));
    }
    return out;
  }

  /**
   * The layout the selection needs with {@code p} added ("a", "b", or "*" for either), or null if
   * {@code p} does not fit: its dimension is taken, its layout conflicts, or it contradicts another
   * choice.
   */
  private static String fits(Map<Dimension, String> bent, String layout, Pair p) {
    if (bent.containsKey(p.dimension())) {
      return null;
    }
    String need = p.dimension().layoutOnly(p.value());
    if (need != null && layout != null && !need.equals(layout)) {
      return null;
    }
    String links = bent.getOrDefault(Dimension.LINKS, "none");
    String home = bent.getOrDefault(Dimension.HOME, "passwd");
    // workdir-symlink puts the runner files in /home/runner: the HOME dimension would undo them
    if (p.dimension() == Dimension.HOME
        && p.value().startsWith("home-")
        && links.equals("workdir-symlink")) {
      return null;
    }
    if (p.dimension() == Dimension.LINKS
        && p.value().equals("workdir-symlink")
        && home.startsWith("home-")) {
      return null;
    }
    return need == null ? "*" : need;
  }

  private static int generateCounting(long seed) {
    int pairs = pairs().size();
    // at least 2 * pairs / MAX_BENT; the walk tells exactly, seed by seed
    int n = 2 * pairs / MAX_BENT;
    while (!covered(generate(seed, n), 2)) {
      n++;
    }
    return n;
  }

  /**
   * The issue's own examples, run in every run after the generated variants (numbered from {@code
   * first}): run.sh executable only through the docker group (root:docker 0750) with {@code USER
   * runner:runner}, which the pod runs and {@code docker run} does not, in both layouts; an unknown
   * group part ({@code runner:runners}), which the pod ignores; and a run.sh the user may execute
   * but not read ({@code root:root 0711}: execve works, bash cannot open the script), in both
   * layouts.
   */
  static List<Variant> pinned(int first) {
    Map<Dimension, String> groupOnly = new EnumMap<>(Dimension.class);
    groupOnly.put(Dimension.USER, "runner:runner");
    groupOnly.put(Dimension.RUN_SH_OWNER, "root:docker");
    groupOnly.put(Dimension.RUN_SH_MODE, "0750");
    Map<Dimension, String> executeOnly = new EnumMap<>(Dimension.class);
    executeOnly.put(Dimension.RUN_SH_OWNER, "root:root");
    executeOnly.put(Dimension.RUN_SH_MODE, "0711");
    return List.of(
        new Variant(first, "a", groupOnly),
        new Variant(first + 1, "b", groupOnly),
        new Variant(first + 2, "b", Map.of(Dimension.USER, "runner:runners")),
        new Variant(first + 3, "a", executeOnly),
        new Variant(first + 4, "b", executeOnly));
  }

  /** Whether every pair appears in at least {@code times} of the variants. */
  static boolean covered(List<Variant> variants, int times) {
    return coverage(variants).values().stream().allMatch(c -> c >= times);
  }

  /** How many variants bend each pair. */
  static Map<Pair, Integer> coverage(List<Variant> variants) {
    Map<Pair, Integer> counts = new LinkedHashMap<>();
    for (Pair p : pairs()) {
      counts.put(p, 0);
    }
    for (Variant v : variants) {
      v.bent().forEach((d, val) -> counts.merge(new Pair(d, val), 1, Integer::sum));
    }
    return counts;
  }

  /** The smallest count whose variants (from {@code seed}) cover every pair twice. */
  static int coveringCount(long seed) {
    return generateCounting(seed);
  }

  private static <T> List<T> shuffled(List<T> in, SplittableRandom random) {
    List<T> out = new ArrayList<>(in);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    return out;
  }
}
