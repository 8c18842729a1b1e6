package dev.runnerlint.cli;

import dev.runnerlint.findings.RuleInfo;
import dev.runnerlint.rules.RuleCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runnerlint explain ID|NAME}: a rule's documentation. */
@Command(
    addMethodSubcommands = false,
    name = "explain",
    mixinStandardHelpOptions = true,
    description = "Prints a rule's documentation: what, why, how to fix.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "2:usage or configuration error (e.g. an unknown rule)",
      "70:internal error (a bug; --debug shows the stack trace)"
    })
final class ExplainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand RootCommand main;

  @Parameters(paramLabel = "RULE", description = "A rule ID or name, e.g. ARC005 or root-allowed.")
  String id;

  @Option(names = "--rules", paramLabel = "FILE", description = "Add a rule pack (repeatable).")
  List<Path> rulePacks = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Configuration file (default: .runnerlint.yaml in the working directory, if present).")
  Path configFile;

  @Override
  public Integer call() {
    RuleCatalog catalog = RulesCommand.load(main, configFile, rulePacks);
    RuleInfo rule =
        find(catalog, id)
            .orElseThrow(
                () -> new UsageException("unknown rule '" + id + "': see 'runnerlint rules'"));
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        rule.help().isBlank()
            ? rule.id() + " " + rule.name() + ": " + rule.summary()
            : rule.help().strip());
    out.flush();
    return ExitCodes.OK;
  }

  private static Optional<RuleInfo> find(RuleCatalog catalog, String text) {
    String wanted = text.trim();
    Optional<RuleInfo> byId = catalog.info(wanted.toUpperCase(Locale.ROOT));
    if (byId.isPresent()) {
      return byId;
    }
    return catalog.infos().stream().filter(r -> r.name().equalsIgnoreCase(wanted)).findFirst();
  }
}
