package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** README's "lint options" table and {@code lint --help} document every option of lint. */
class ReadmeOptionsTest {

  @Test
  void everyLintOptionIsInTheReadmeTableAndInHelp() throws Exception {
    String readme =
        Files.readString(Path.of(System.getProperty("runnerlint.projectRoot"), "README.md"));
    String table =
        readme.substring(readme.indexOf("### `lint` options"), readme.indexOf("### Exit codes"));
    CommandLine lint = new CommandLine(new Main()).getSubcommands().get("lint");
    String help = lint.getUsageMessage();
    for (OptionSpec o : lint.getCommandSpec().options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue;
      }
      String name = o.longestName();
      assertThat(table).as("README lint options table").containsPattern("`" + name + "[` ]");
      assertThat(help).as("lint --help").contains(name);
      assertThat(o.description()).as("description of " + name).isNotEmpty();
    }
  }
}
