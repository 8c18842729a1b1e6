package dev.runnerlint.cli;

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
    List<Path> packs = new ArrayList<>();
    if (config != null) {
      packs.addAll(config.rules());
    }
    rulePacks.forEach(p -> packs.add(environment.resolve(p)));
    try {
      RuleCatalog catalog = RuleCatalog.load(packs);
      if (config != null) {
        config.validateAgainst(catalog);
      }
      return catalog;
    } catch (PackException | ConfigException e) {
      throw new UsageException(e.getMessage(), e);
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
