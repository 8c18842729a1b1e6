package dev.runnerlint.rules;

import dev.runnerlint.findings.RuleInfo;
import dev.runnerlint.rules.lang.Check;
import java.util.List;
import java.util.Optional;

/**
 * A loaded rule: its public metadata, its condition and its check, and where it was declared.
 *
 * @param info what reporters see
 * @param when the condition under which the rule applies; empty means always
 * @param check what must hold
 * @param fix the default one-line fix, for violations whose primitive gives none
 * @param file the pack file it was declared in
 * @param line the line of its {@code id}
 * @param at the deployment keys its findings are blamed on when no check names any
 * @param requiresDeployment linted only when the run has a deployment: its pack's {@code requires:
 *     deployment}, unless the rule says {@code requires: image}
 */
public record Rule(
    RuleInfo info,
    Optional<Check> when,
    Check check,
    String fix,
    String file,
    int line,
    List<String> at,
    boolean requiresDeployment) {

  public Rule {
    at = at == null ? List.of() : List.copyOf(at);
  }

  public Rule(RuleInfo info, Optional<Check> when, Check check, String fix, String file, int line) {
    this(info, when, check, fix, file, line, List.of(), false);
  }

  public String id() {
    return info.id();
  }
}
