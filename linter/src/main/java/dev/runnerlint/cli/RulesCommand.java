package dev.runnerlint.cli;

import dev.runnerlint.findings.RuleInfo;
import dev.runnerlint.rules.PackException;
import dev.runnerlint.rules.RuleCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runnerlint rules}: the rule catalog. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Lists the rule catalog.")
final class RulesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--rules", paramLabel = "FILE", description = "Add a rule pack (repeatable).")
  List<Path> rulePacks = new ArrayList<>();

  @Override
  public Integer call() {
    RuleCatalog catalog = load(rulePacks);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-8s %-8s %-16s %-30s %s%n", "ID", "LEVEL", "PACK", "NAME", "SUMMARY");
    for (RuleInfo r : catalog.infos()) {
      out.printf(
          "%-8s %-8s %-16s %-30s %s%n",
          r.id(), r.defaultLevel().id(), r.pack(), r.name(), r.summary());
    }
    out.flush();
    return ExitCodes.OK;
  }

  static RuleCatalog load(List<Path> packs) {
    try {
      return RuleCatalog.load(packs);
    } catch (PackException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }
}
