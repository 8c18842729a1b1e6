package dev.runnerlint.cli;

import java.io.OutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code runnerlint} command's own options and attributes, without its subcommands: {@link
 * Main} adds them all (help, completion, man pages, tests); a run of one subcommand adds just that
 * one to this (see {@link Main#commandLine(RootCommand, String)}).
 */
@Command(
    addMethodSubcommands = false,
    name = "runnerlint",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Checks container images against the runner-image contract of GitHub's Actions Runner Controller (ARC).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success; lint: no finding at or above --fail-on",
      "1:lint: findings at or above --fail-on",
      "2:usage or configuration error",
      "3:an image could not be read whole",
      "70:internal error (a bug; --debug shows the stack trace)"
    })
class RootCommand implements Runnable {

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show stack traces of errors.")
  boolean debug;

  /**
   * The process around the CLI; set by {@link Main#run(String[], PrintWriter, PrintWriter,
   * Environment)}.
   */
  Environment environment = Environment.notATerminal();

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this),
        "missing command: try 'runnerlint lint IMAGE' or 'runnerlint --help'");
  }

  /**
   * Standard output as bytes, for output that is not text ({@code inspect --cat} of a binary); null
   * when the caller gave only a writer, then such output is decoded as UTF-8.
   */
  OutputStream rawOut;

  /**
   * The built-in rule packs being parsed ahead ({@code lint}), or null: then they are parsed when
   * needed.
   */
  Catalogs.BuiltinPacks builtinPacks;
}
