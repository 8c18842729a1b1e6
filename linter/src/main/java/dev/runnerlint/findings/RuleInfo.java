package dev.runnerlint.findings;

import java.util.List;

/**
 * What reporters know of a rule: its public metadata, never its logic.
 *
 * @param id stable public ID, e.g. {@code ARC001}
 * @param name short kebab-case name, e.g. {@code run-sh-present}
 * @param pack the rule pack it comes from (e.g. {@code arc-contract}), used to group results
 * @param defaultLevel the level before any override
 * @param summary one sentence: what the rule checks
 * @param description a longer description
 * @param help the rule's doc in Markdown (what, why, how to fix)
 * @param helpUri where the doc is published
 * @param tags free-form tags
 */
public record RuleInfo(
    String id,
    String name,
    String pack,
    Level defaultLevel,
    String summary,
    String description,
    String help,
    String helpUri,
    List<String> tags) {
  public RuleInfo {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
