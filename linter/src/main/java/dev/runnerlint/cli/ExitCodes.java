package dev.runnerlint.cli;

/** runnerlint's documented exit codes (README, "Exit codes"). */
public final class ExitCodes {
  private ExitCodes() {}

  /** Nothing at or above the fail-on level; or a command that succeeded. */
  public static final int OK = 0;

  /** Findings at or above the fail-on level. */
  public static final int FINDINGS = 1;

  /** Usage or configuration error: a bad flag, reference, rule pack or config file. */
  public static final int USAGE = 2;

  /** An image could not be read whole (never reported as a pass). */
  public static final int IMAGE_UNREADABLE = 3;

  /** A bug in runnerlint itself. */
  public static final int INTERNAL = 70;
}
