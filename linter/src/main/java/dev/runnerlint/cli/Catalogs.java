package dev.runnerlint.cli;

import dev.runnerlint.pipeline.WarmUp;
import dev.runnerlint.rules.Pack;
import dev.runnerlint.rules.PackException;
import dev.runnerlint.rules.RuleCatalog;
import dev.runnerlint.rules.config.ConfigException;
import dev.runnerlint.rules.config.LintConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration and rule catalog of a command, the same for {@code lint}, {@code rules} and
 * {@code explain}: {@code .runnerlint.yaml} in the working directory (or {@code --config FILE}),
 * its packs, then each {@code --rules FILE}.
 */
final class Catalogs {
  private Catalogs() {}

  /** The configuration, or null when there is none. */
  static LintConfig loadConfig(Environment environment, Path configFile) {
    Path file;
    if (configFile == null) {
      Path implicit = environment.workingDir().resolve(LintConfig.FILE_NAME);
      if (!Files.isRegularFile(implicit)) {
        return null;
      }
      file = implicit;
    } else {
      file = environment.resolve(configFile);
      requireFile("--config", configFile, file);
    }
    try {
      return LintConfig.load(file);
    } catch (ConfigException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /**
   * The built-in packs, the configuration's, then {@code rulePacks}; checked against the config.
   */
  static RuleCatalog loadCatalog(Environment environment, LintConfig config, List<Path> rulePacks) {
    return loadCatalog(environment, config, rulePacks, null);
  }

  /**
   * Like {@link #loadCatalog(Environment, LintConfig, List)}, with the built-in packs from {@code
   * builtin} when it is not null.
   */
  static RuleCatalog loadCatalog(
      Environment environment, LintConfig config, List<Path> rulePacks, BuiltinPacks builtin) {
    List<Path> packs = new ArrayList<>();
    if (config != null) {
      packs.addAll(config.rules());
    }
    rulePacks.forEach(p -> packs.add(environment.resolve(p)));
    try {
      List<Pack> builtinPacks = builtin == null ? RuleCatalog.builtinPacks() : builtin.get();
      RuleCatalog catalog = RuleCatalog.load(builtinPacks, packs);
      if (config != null) {
        config.validateAgainst(catalog);
      }
      return catalog;
    } catch (PackException | ConfigException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /**
   * The built-in rule packs, parsed on a daemon thread from the start of a {@code lint} run, while
   * the main thread builds picocli's model and parses the command line (each takes about a fifth of
   * a warm lint; docs/performance.md, third pass). The result, or the error, is the same as {@link
   * RuleCatalog#builtinPacks()} on the calling thread.
   */
  static final class BuiltinPacks implements Runnable {
    // No lambda, FutureTask or latch here: this runs on the main thread before picocli, and the
    // first lambda's bootstrap (~6 ms) and FutureTask's VarHandles (~2 ms) are better paid on the
    // background thread, which links them while picocli builds its model.
    private final Object lock = new Object();
    private boolean done; // under lock
    private List<Pack> packs; // written before done
    private Throwable failure; // written before done

    private BuiltinPacks() {}

    /** Starts parsing the built-in packs. */
    static BuiltinPacks start() {
      BuiltinPacks packs = new BuiltinPacks();
      Thread thread = new Thread(packs, "runnerlint-rules");
      thread.setDaemon(true);
      thread.start();
      return packs;
    }

    /**
     * The packs, then a head start on reading an image ({@code pipeline.WarmUp}), beside picocli.
     */
    @Override
    public void run() {
      try {
        packs = RuleCatalog.builtinPacks();
      } catch (Throwable t) {
        failure = t;
      } finally {
        synchronized (lock) {
          done = true;
          lock.notifyAll();
        }
      }
      WarmUp.run();
    }

    /** The parsed packs, waiting for them if need be. */
    List<Pack> get() throws PackException {
      boolean interrupted = false;
      synchronized (lock) {
        while (!done) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure instanceof PackException p) {
        throw p;
      }
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error err) {
        throw err;
      }
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
      return packs;
    }
  }

  /** A file named by {@code flag}: one line saying what is wrong when it is not a readable file. */
  static void requireFile(String flag, Path given, Path resolved) {
    if (Files.isDirectory(resolved)) {
      throw new UsageException(flag + " " + given + ": is a directory");
    }
    if (!Files.exists(resolved)) {
      throw new UsageException(flag + " " + given + ": not found");
    }
    if (!Files.isReadable(resolved)) {
      throw new UsageException(flag + " " + given + ": permission denied");
    }
  }
}
