package dev.runnerlint.archfixture.fs;

import dev.runnerlint.archfixture.layer.Entry;

/** Architecture-test fixture: fs uses layer (allowed) ... */
public final class Tree {
  public Entry first() {
    return new Entry();
  }
}
