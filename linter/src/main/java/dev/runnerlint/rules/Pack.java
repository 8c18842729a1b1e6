package dev.runnerlint.rules;

import java.util.List;

/**
 * A rule pack: a YAML file with a name and rules.
 *
 * @param name the {@code pack:} name, e.g. {@code arc-contract}
 * @param file where it was loaded from ({@code builtin:arc-contract.yaml} for bundled packs)
 * @param description optional text
 * @param rules its rules, in file order
 */
public record Pack(String name, String file, String description, List<Rule> rules) {
  public Pack {
    rules = List.copyOf(rules);
  }
}
