package dev.runnerlint.rules;

import java.util.List;

/**
 * A rule pack: a YAML file with a name and rules.
 *
 * @param name the {@code pack:} name, e.g. {@code arc-contract}
 * @param file where it was loaded from ({@code builtin:arc-contract.yaml} for bundled packs)
 * @param description optional text
 * @param rules its rules, in file order
 * @param requiresDeployment {@code requires: deployment}: its rules are linted only when the run
 *     has a deployment ({@code --values} or {@code --mode}); without one they are left out
 */
public record Pack(
    String name, String file, String description, List<Rule> rules, boolean requiresDeployment) {
  public Pack {
    rules = List.copyOf(rules);
  }

  public Pack(String name, String file, String description, List<Rule> rules) {
    this(name, file, description, rules, false);
  }
}
