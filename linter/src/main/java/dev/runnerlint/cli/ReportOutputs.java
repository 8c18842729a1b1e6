package dev.runnerlint.cli;

import dev.runnerlint.findings.Report;
import dev.runnerlint.report.Reporter;
import dev.runnerlint.report.SarifReporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Where {@code lint}'s reports go: stdout and every {@code --output FORMAT=FILE}. Each file is
 * checked before any image is read (not a directory, not named twice, its directory writable: a
 * temporary file is made there), and written whole or not at all: rendered in memory, written to
 * that temporary file, then renamed over the target. A report that fails leaves the earlier file as
 * it was; the others are still written and every report states the exit code the process ends with.
 */
final class ReportOutputs {

  /** One report: a reporter and its file, or stdout when {@code file} is null. */
  static final class Destination {
    final Reporter reporter;
    final Path file;
    final String flag;
    Path temp;
    byte[] rendered;

    private Destination(Reporter reporter, Path file, String flag) {
      this.reporter = reporter;
      this.file = file;
      this.flag = flag;
    }

    static Destination stdout(Reporter reporter, String flag) {
      return new Destination(reporter, null, flag);
    }

    static Destination file(Reporter reporter, Path file, String flag) {
      return new Destination(reporter, file, flag);
    }
  }

  private final List<Destination> destinations;
  private String stdout = "";

  private ReportOutputs(List<Destination> destinations) {
    this.destinations = new ArrayList<>(destinations);
  }

  /**
   * Checks every destination and makes its temporary file.
   *
   * @throws UsageException naming the first destination that cannot be written, after removing the
   *     temporary files made so far
   */
  static ReportOutputs open(List<Destination> destinations, Environment environment) {
    ReportOutputs outputs = new ReportOutputs(destinations);
    Map<Path, Destination> seen = new HashMap<>();
    try {
      for (Destination d : destinations) {
        if (d.file == null) {
          continue;
        }
        Path target = d.file.toAbsolutePath().normalize();
        Destination earlier = seen.put(identity(target), d);
        if (earlier != null) {
          throw new UsageException(
              d.flag + ": " + d.file + " is already the destination of " + earlier.flag);
        }
        if (Files.isDirectory(target)) {
          throw new UsageException(d.flag + ": cannot write: " + d.file + " is a directory");
        }
        Path dir = target.getParent();
        try {
          Files.createDirectories(dir);
        } catch (IOException e) {
          throw new UsageException(
              d.flag + ": cannot create the directory " + dir + ": " + describe(e), e);
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
          throw new UsageException(d.flag + ": cannot write: permission denied (" + d.file + ")");
        }
        try {
          d.temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
          throw new UsageException(d.flag + ": cannot write: " + describe(e), e);
        }
      }
    } catch (RuntimeException e) {
      outputs.discard();
      throw e;
    }
    return outputs;
  }

  /** The same file named through a symlinked directory counts once. */
  private static Path identity(Path target) {
    try {
      Path dir = target.getParent();
      return Files.isDirectory(dir) ? dir.toRealPath().resolve(target.getFileName()) : target;
    } catch (IOException e) {
      return target;
    }
  }

  boolean hasSarif() {
    return destinations.stream().anyMatch(d -> d.reporter instanceof SarifReporter);
  }

  /**
   * Renders and writes every report, and returns the exit code the process ends with: {@code
   * exitCode}, or 2 when a report could not be made or written (said on {@code err}), in which case
   * the others are made again so that they state 2.
   */
  int write(int exitCode, IntFunction<Report> report, PrintWriter err) {
    int code = exitCode;
    List<Destination> pending = new ArrayList<>(destinations);
    while (true) {
      Destination failed = null;
      Report r = report.apply(code);
      for (Destination d : pending) {
        try {
          d.rendered = render(d.reporter, r);
          if (d.temp != null) {
            Files.write(d.temp, d.rendered);
          }
        } catch (SarifReporter.SarifLimitException e) {
          err.println("runnerlint: " + d.flag + ": " + e.getMessage());
          failed = d;
          break;
        } catch (IOException e) {
          err.println("runnerlint: " + d.flag + ": cannot write: " + describe(e));
          failed = d;
          break;
        }
      }
      if (failed == null) {
        break;
      }
      pending.remove(failed);
      delete(failed);
      code = ExitCodes.USAGE;
    }
    for (Destination d : pending) {
      if (d.temp == null) {
        stdout = new String(d.rendered, StandardCharsets.UTF_8);
        continue;
      }
      try {
        commit(d);
      } catch (IOException e) {
        // Rare (the rename in one directory failed): the earlier reports already say the old code.
        err.println("runnerlint: " + d.flag + ": cannot write: " + describe(e));
        delete(d);
        code = ExitCodes.USAGE;
      }
    }
    return code;
  }

  /** What goes to stdout, after {@link #write}. */
  String stdout() {
    return stdout;
  }

  /** Removes the temporary files not renamed (after an error, or at the end). */
  void discard() {
    destinations.forEach(ReportOutputs::delete);
  }

  private static void commit(Destination d) throws IOException {
    try {
      Files.setPosixFilePermissions(
          d.temp,
          Files.exists(d.file)
              ? Files.getPosixFilePermissions(d.file)
              : PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the temporary file's permissions stay
    }
    try {
      Files.move(
          d.temp, d.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      Files.move(d.temp, d.file, StandardCopyOption.REPLACE_EXISTING);
    }
    d.temp = null;
  }

  private static void delete(Destination d) {
    if (d.temp != null) {
      try {
        Files.deleteIfExists(d.temp);
      } catch (IOException e) {
        // best effort: a leftover hidden .tmp file is harmless
      }
      d.temp = null;
    }
  }

  private static byte[] render(Reporter reporter, Report report) throws IOException {
    StringWriter buffer = new StringWriter();
    reporter.write(report, buffer);
    return buffer.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An I/O problem in words (the JDK's messages for these are just the path). */
  static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied (" + e.getMessage() + ")";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file is in the way (" + e.getMessage() + ")";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory (" + e.getMessage() + ")";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(java.util.Locale.ROOT) + " (" + f.getFile() + ")";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
