package dev.runnerlint.cli;

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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runnerlint explain ID}: a rule's documentation. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = "Prints a rule's documentation: what, why, how to fix.")
final class ExplainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "A rule ID, e.g. ARC005.")
  String id;

  @Option(names = "--rules", paramLabel = "FILE", description = "Add a rule pack (repeatable).")
  List<Path> rulePacks = new ArrayList<>();

  @Override
  public Integer call() {
    RuleCatalog catalog = RulesCommand.load(rulePacks);
    RuleInfo rule =
        catalog
            .info(id.toUpperCase(Locale.ROOT))
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
}
