package dev.runnerlint.archfixture.cli;

/** Architecture-test fixture: the last stage. */
public final class Command {}
