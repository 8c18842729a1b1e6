package dev.runnerlint.cli;

import dev.runnerlint.cache.LayerCache;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runnerlint cache info|prune}: the layer-index cache. */
@Command(
    addMethodSubcommands = false,
    name = "cache",
    mixinStandardHelpOptions = true,
    description = "Shows or prunes the layer-index cache.",
    subcommands = {CacheCommand.Info.class, CacheCommand.Prune.class})
final class CacheCommand implements Runnable {

  @Spec CommandSpec spec;

  @ParentCommand RootCommand main;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing command: 'runnerlint cache info' or 'runnerlint cache prune'");
  }

  Environment environment() {
    return main == null ? Environment.notATerminal() : main.environment;
  }

  static LayerCache open(CacheOptions options, Environment env, PrintWriter err, boolean debug) {
    return options
        .open(
            env,
            line -> {
              if (debug) {
                err.println("runnerlint: debug: " + line);
              }
            })
        .orElseThrow(
            () ->
                new UsageException(
                    "no cache directory: set --cache-dir, RUNNERLINT_CACHE_DIR, XDG_CACHE_HOME"
                        + " or HOME"));
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String units = "KMGT";
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length() - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %siB", v, units.charAt(u));
  }

  /** {@code runnerlint cache info}. */
  @Command(
      addMethodSubcommands = false,
      name = "info",
      mixinStandardHelpOptions = true,
      description = "Where the cache is and how large.")
  static final class Info implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand CacheCommand parent;
    @Mixin CacheOptions cacheOptions;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      LayerCache cache =
          open(cacheOptions, parent.environment(), spec.commandLine().getErr(), parent.main.debug);
      LayerCache.Info info = cache.info();
      out.println("directory  " + info.directory());
      out.println("layers     " + info.entries());
      out.println("size       " + human(info.bytes()) + " of at most " + human(info.maxSize()));
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code runnerlint cache prune [--all]}. */
  @Command(
      addMethodSubcommands = false,
      name = "prune",
      mixinStandardHelpOptions = true,
      description =
          "Deletes the least recently used layers until the cache fits --cache-max-size; --all"
              + " deletes every layer.")
  static final class Prune implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand CacheCommand parent;
    @Mixin CacheOptions cacheOptions;

    @Option(names = "--all", description = "Delete every cached layer.")
    boolean all;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      LayerCache cache =
          open(cacheOptions, parent.environment(), spec.commandLine().getErr(), parent.main.debug);
      int deleted = all ? cache.clear() : cache.evict(cache.maxSize());
      LayerCache.Info info = cache.info();
      out.println(
          "deleted "
              + deleted
              + " layer"
              + (deleted == 1 ? "" : "s")
              + "; "
              + info.entries()
              + " left ("
              + human(info.bytes())
              + ")");
      out.flush();
      return ExitCodes.OK;
    }
  }
}
