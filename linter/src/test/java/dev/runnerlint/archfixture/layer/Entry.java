package dev.runnerlint.archfixture.layer;

import dev.runnerlint.archfixture.fs.Tree;

/** Architecture-test fixture: ... and layer uses fs back: a cycle, as fs and layer once had. */
public final class Entry {
  public Tree tree() {
    return null;
  }
}
