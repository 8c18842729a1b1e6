package dev.runnerlint.archfixture.io;

import dev.runnerlint.archfixture.cli.Command;

/** Architecture-test fixture: an early stage that (wrongly) imports the last one. */
public final class LowLevel {
  public String name() {
    return new Command().toString();
  }
}
