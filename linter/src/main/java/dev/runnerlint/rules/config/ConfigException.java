package dev.runnerlint.rules.config;

import dev.runnerlint.rules.LocatedException;

/** A {@code .runnerlint.yaml} that cannot be used: {@code file:line: what is wrong}. Exit 2. */
public class ConfigException extends LocatedException {
  public ConfigException(String file, int line, String problem) {
    super(file, line, problem);
  }
}
