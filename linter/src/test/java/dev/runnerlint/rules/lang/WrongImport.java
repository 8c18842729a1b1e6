package dev.runnerlint.rules.lang;

import dev.runnerlint.rules.RuleEngine;

/**
 * A deliberately wrong import, only for {@code RulesPackagesArchitectureTest}: the language using
 * the engine that uses it.
 */
public final class WrongImport {
  private WrongImport() {}

  static RuleEngine engine() {
    return null;
  }
}
