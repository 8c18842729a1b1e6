package dev.runnerlint.cli;

import dev.runnerlint.source.ImageReadException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code runnerlint} command: the only place that knows about flags, stdout and exit codes. */
@Command(
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
public final class Main implements Runnable {

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show stack traces of errors.")
  boolean debug;

  /**
   * The process around the CLI; set by {@link #run(String[], PrintWriter, PrintWriter,
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

  public static void main(String[] args) {
    System.exit(
        run(
            args,
            (OutputStream) System.out,
            new PrintWriter(System.err, true),
            Environment.system()));
  }

  /**
   * Runs the CLI with standard output as bytes (file content from {@code inspect --cat} is written
   * unchanged) and returns the exit code. The stream is not taken for a terminal.
   */
  public static int run(String[] args, OutputStream out, PrintWriter err) {
    return run(args, out, err, Environment.notATerminal());
  }

  /** Like {@link #run(String[], OutputStream, PrintWriter)}, in the given {@link Environment}. */
  public static int run(String[] args, OutputStream out, PrintWriter err, Environment environment) {
    PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    return run(args, writer, err, out, environment);
  }

  /**
   * Runs the CLI with the given streams and returns the exit code (tests call this). The streams
   * are not taken for a terminal, so text output has no colour.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, null, Environment.notATerminal());
  }

  /** Runs the CLI in the given {@link Environment} (working directory, variables, terminal). */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Environment environment) {
    return run(args, out, err, null, environment);
  }

  private static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      OutputStream rawOut,
      Environment environment) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // What picocli prints for --version, without building its model (half of the start-up).
      for (String line : new VersionProvider().getVersion()) {
        out.println(line);
      }
      out.flush();
      return ExitCodes.OK;
    }
    Main main = new Main();
    main.rawOut = rawOut;
    main.environment = environment;
    CommandLine cli = commandLine(main, args);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(Main::exitCodeFor);
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("runnerlint: " + ex.getMessage());
          if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println(
                "Try 'runnerlint "
                    + commandPath(ex.getCommandLine())
                    + "--help' for more information.");
          }
          return ExitCodes.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          int code = exitCodeFor(ex);
          String message =
              ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
          if (code == ExitCodes.INTERNAL) {
            err.println(
                "runnerlint: internal error: "
                    + message
                    + (main.debug ? "" : " (run with --debug for details)"));
          } else {
            err.println("runnerlint: " + message);
          }
          if (main.debug) {
            ex.printStackTrace(err);
          }
          err.flush();
          return code;
        });
    int code;
    try {
      code = cli.execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) {
      // picocli lets Errors through; without this the JVM would print the trace and exit 1
      err.println(
          "runnerlint: internal error: "
              + (e instanceof OutOfMemoryError ? "out of memory" : "stack overflow")
              + " ("
              + e
              + "); give the JVM more, e.g. RUNNERLINT_JAVA_OPTS=\"-XX:+UseSerialGC -Xmx4g\""
              + (main.debug ? "" : " (run with --debug for details)"));
      if (main.debug) {
        e.printStackTrace(err);
      }
      code = ExitCodes.INTERNAL;
    }
    out.flush();
    err.flush();
    return code;
  }

  /** The subcommands, in the order {@code --help} lists them. */
  private static final List<String> SUBCOMMANDS =
      List.of("inspect", "lint", "rules", "explain", "completion", "help", "cache");

  /** The whole command tree: every subcommand (for help, completion and the tests). */
  static CommandLine commandLine(Main main) {
    return commandLine(main, (String[]) null);
  }

  /**
   * The command tree {@code args} need. Building picocli's model of a subcommand reflects over its
   * options (a third of {@code --version}'s time with all seven), so a run of {@code inspect},
   * {@code lint}, {@code rules}, {@code explain} or {@code cache} gets only that subcommand;
   * anything else (help, completion, no or an unknown subcommand) gets them all. What is parsed and
   * printed is the same either way.
   */
  static CommandLine commandLine(Main main, String[] args) {
    CommandLine cli = new CommandLine(main);
    String only = args == null ? null : onlySubcommand(args);
    for (String name : SUBCOMMANDS) {
      if (only == null || only.equals(name)) {
        cli.addSubcommand(name, subcommand(name));
      }
    }
    return cli;
  }

  /** The subcommand {@code args} run when it needs no other, else null. */
  private static String onlySubcommand(String[] args) {
    for (String a : args) {
      if (a.equals("--debug")) {
        continue;
      }
      if (a.startsWith("-")) {
        return null; // --help, or an option picocli is to judge with the whole tree
      }
      return switch (a) {
        case "inspect", "lint", "rules", "explain", "cache" -> a;
        default -> null;
      };
    }
    return null;
  }

  private static Object subcommand(String name) {
    return switch (name) {
      case "inspect" -> new InspectCommand();
      case "lint" -> new LintCommand();
      case "rules" -> new RulesCommand();
      case "explain" -> new ExplainCommand();
      case "completion" -> new CompletionCommand();
      case "help" -> new CommandLine.HelpCommand();
      case "cache" -> new CacheCommand();
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static String commandPath(CommandLine cl) {
    String qualified = cl.getCommandSpec().qualifiedName(" ");
    int space = qualified.indexOf(' ');
    return space < 0 ? "" : qualified.substring(space + 1) + " ";
  }

  static int exitCodeFor(Throwable ex) {
    if (ex instanceof ImageReadException) {
      return ExitCodes.IMAGE_UNREADABLE;
    }
    // Bad input is turned into a UsageException where it is parsed, so an unexpected
    // IllegalArgumentException is reported as what it is: a bug (exit 70, not a usage error).
    if (ex instanceof UsageException || ex instanceof CommandLine.ParameterException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.INTERNAL;
  }
}
