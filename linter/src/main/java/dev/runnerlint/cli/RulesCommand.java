package dev.runnerlint.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnerlint.findings.RuleInfo;
import dev.runnerlint.rules.RuleCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runnerlint rules}: the rule catalog, as {@code lint} would load it. */
@Command(
    addMethodSubcommands = false,
    name = "rules",
    mixinStandardHelpOptions = true,
    description =
        "Lists the rule catalog: the built-in packs, the packs of the configuration and --rules.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "2:usage or configuration error",
      "70:internal error (a bug; --debug shows the stack trace)"
    })
final class RulesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand RootCommand main;

  @Option(names = "--rules", paramLabel = "FILE", description = "Add a rule pack (repeatable).")
  List<Path> rulePacks = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Configuration file (default: .runnerlint.yaml in the working directory, if present).")
  Path configFile;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    RuleCatalog catalog = load(main, configFile, rulePacks);
    PrintWriter out = spec.commandLine().getOut();
    switch (format.trim().toLowerCase(Locale.ROOT)) {
      case "text" -> {
        out.printf("%-8s %-8s %-16s %-30s %s%n", "ID", "LEVEL", "PACK", "NAME", "SUMMARY");
        for (RuleInfo r : catalog.infos()) {
          out.printf(
              "%-8s %-8s %-16s %-30s %s%n",
              r.id(), r.defaultLevel().id(), r.pack(), r.name(), r.summary());
        }
      }
      case "json" -> {
        ArrayNode rules = JsonNodeFactory.instance.arrayNode();
        for (RuleInfo r : catalog.infos()) {
          ObjectNode n = rules.addObject();
          n.put("id", r.id());
          n.put("name", r.name());
          n.put("level", r.defaultLevel().id());
          n.put("pack", r.pack());
          n.put("summary", r.summary());
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("toolVersion", VersionProvider.version());
        root.set("rules", rules);
        try {
          out.println(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
      default -> throw new UsageException("--format " + format + ": expected text or json");
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The catalog as {@code lint} loads it in the same working directory. */
  static RuleCatalog load(RootCommand main, Path configFile, List<Path> packs) {
    Environment environment = main == null ? Environment.notATerminal() : main.environment;
    return Catalogs.loadCatalog(environment, Catalogs.loadConfig(environment, configFile), packs);
  }
}
