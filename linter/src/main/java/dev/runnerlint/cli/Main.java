package dev.runnerlint.cli;

import dev.runnerlint.source.ImageReadException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code runnerlint} command: the only place that knows about flags, stdout and exit codes. */
@Command(
    addMethodSubcommands = false,
    subcommands = {
      InspectCommand.class,
      LintCommand.class,
      RulesCommand.class,
      ExplainCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class,
      CacheCommand.class
    })
public final class Main extends RootCommand {

  /**
   * picocli's property naming built-in converters not to register. It registers those of {@code
   * java.time} and {@code java.sql} types by reflection whenever it builds a command, which loads
   * and initialises those classes (~8 ms of a lint's start; {@code MonthDay}'s formatter alone ~4
   * ms). No option here has such a type.
   */
  private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

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
    if (System.getProperty(CONVERTER_EXCLUDES) == null) {
      System.setProperty(CONVERTER_EXCLUDES, "java\\.time\\..*,java\\.sql\\..*");
    }
    String only = onlySubcommand(args);
    RootCommand main = only == null ? new Main() : new RootCommand();
    if ("lint".equals(only)) {
      main.builtinPacks = Catalogs.BuiltinPacks.start(); // beside picocli's model, on another core
    }
    main.rawOut = rawOut;
    main.environment = environment;
    CommandLine cli = commandLine(main, only);
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

  /**
   * The command tree for {@code only}: the whole tree ({@link Main}'s annotation) when null, else
   * {@code root} (a bare {@link RootCommand}) with just that subcommand. Building picocli's model
   * of a subcommand reflects over its options, so a run of {@code inspect}, {@code lint}, {@code
   * rules}, {@code explain} or {@code cache} skips the models of the others; anything else (help,
   * completion, no or an unknown subcommand) gets them all. What is parsed and printed is the same
   * either way.
   */
  static CommandLine commandLine(RootCommand root, String only) {
    CommandLine cli = new CommandLine(root);
    if (only != null && !(root instanceof Main)) {
      cli.addSubcommand(only, subcommand(only));
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
