package dev.runnerlint.cli;

import dev.runnerlint.cache.LayerCache;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Where the layer-index cache lives and how large it may grow (lint and cache commands). */
final class CacheOptions {

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description =
          "Layer-index cache directory (default: $RUNNERLINT_CACHE_DIR, else"
              + " $XDG_CACHE_HOME/runnerlint, else ~/.cache/runnerlint).")
  Path cacheDir;

  @Option(
      names = "--cache-max-size",
      paramLabel = "SIZE",
      description = "Bound on the cache's size, e.g. 512M or 2G (default: 1G); LRU eviction.")
  String maxSize;

  /** The cache directory these options and the environment name, if any. */
  Optional<Path> directory(Environment env) {
    if (cacheDir != null) {
      return Optional.of(env.resolve(cacheDir));
    }
    String explicit = env.variables().get("RUNNERLINT_CACHE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(env.resolve(Path.of(explicit)));
    }
    String xdg = env.variables().get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Optional.of(Path.of(xdg, "runnerlint"));
    }
    String home = env.variables().get("HOME");
    if (home != null && !home.isBlank() && Path.of(home).isAbsolute()) {
      return Optional.of(Path.of(home, ".cache", "runnerlint"));
    }
    return Optional.empty();
  }

  long maxSize() {
    if (maxSize == null) {
      return LayerCache.DEFAULT_MAX_SIZE;
    }
    String s = maxSize.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (s.endsWith("IB")) {
      s = s.substring(0, s.length() - 2);
    } else if (s.endsWith("B")) {
      s = s.substring(0, s.length() - 1);
    }
    if (!s.isEmpty() && "KMGT".indexOf(s.charAt(s.length() - 1)) >= 0) {
      unit = 1L << (10 * ("KMGT".indexOf(s.charAt(s.length() - 1)) + 1));
      s = s.substring(0, s.length() - 1);
    }
    try {
      long n = Long.parseLong(s.trim());
      if (n < 0 || n > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return n * unit;
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--cache-max-size: '" + maxSize + "' is not a size (e.g. 512M, 2G, 1048576)");
    }
  }

  /** The cache, or empty when no directory is known. */
  Optional<LayerCache> open(Environment env, Consumer<String> debug) {
    long bound = maxSize();
    return directory(env).map(dir -> new LayerCache(dir, bound, debug));
  }
}
