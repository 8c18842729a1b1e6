package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.fixtures.HostileImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of the hostile corpus ({@code fixtures/hostile/}, table in its README) through
 * the CLI: the documented exit code and message, no stack trace without {@code --debug}, one with
 * it; and, in a process of its own with a fresh working directory, HOME and temp directory and a
 * small heap, that nothing from the images is written to the host.
 */
class HostileCorpusTest {

  /** A stack trace line as {@link Throwable#printStackTrace} writes it. */
  static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w.$/]+\\(.*\\)$");

  record Case(String name, List<String> arguments, int exit, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Path corpus() {
    return Path.of(System.getProperty("runnerlint.projectRoot", ".."))
        .toAbsolutePath()
        .normalize()
        .resolve("fixtures/hostile");
  }

  static String reference(String name) {
    return "oci:" + corpus().resolve(name);
  }

  /** The rows of the README's table. */
  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    for (String line : Files.readAllLines(corpus().resolve("README.md"))) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
      String args = unquote(cells[1].strip());
      out.add(
          new Case(
              unquote(cells[0].strip()),
              args.isEmpty() ? List.of() : List.of(args.split(" ")),
              Integer.parseInt(cells[2].strip()),
              unquote(cells[3].strip())));
    }
    return out;
  }

  private static String unquote(String cell) {
    return cell.startsWith("`") && cell.endsWith("`") ? cell.substring(1, cell.length() - 1) : cell;
  }

  @Test
  void theTableListsEveryCaseOfTheCorpus() throws IOException {
    assertThat(cases()).extracting(Case::name).containsExactlyElementsOf(HostileImages.NAMES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachCaseGivesItsExitCodeAndMessageWithoutAStackTrace(Case c, @TempDir Path work) {
    List<String> args = new ArrayList<>(List.of("lint"));
    args.addAll(c.arguments());
    args.add(reference(c.name()));
    LintCli.Run run = LintCli.runIn(work, args.toArray(String[]::new));

    assertThat(run.code()).as(run.toString()).isEqualTo(c.exit());
    String expected = c.message().replace("IMAGE", reference(c.name()));
    List<String> lines =
        Stream.concat(run.out().lines(), run.err().lines()).map(String::strip).toList();
    if (expected.endsWith("…")) {
      String prefix = expected.substring(0, expected.length() - 1);
      assertThat(lines).as(run.toString()).anyMatch(l -> l.startsWith(prefix));
    } else {
      assertThat(lines).as(run.toString()).contains(expected);
    }
    assertThat(STACK_FRAME.matcher(run.err()).find()).as(run.err()).isFalse();
    assertThat(STACK_FRAME.matcher(run.out()).find()).as(run.out()).isFalse();
    if (c.exit() == ExitCodes.IMAGE_UNREADABLE) {
      assertThat(run.err().lines().filter(l -> l.startsWith("runnerlint: oci:")))
          .as("one line naming the image and the cause")
          .hasSize(1);
    }
  }

  @Test
  void debugShowsTheStackTraceOfAnExpectedFailure(@TempDir Path work) {
    LintCli.Run plain = LintCli.runIn(work, "lint", reference("truncated-gzip"));
    LintCli.Run debug = LintCli.runIn(work, "--debug", "lint", reference("truncated-gzip"));

    assertThat(plain.code()).isEqualTo(3);
    assertThat(debug.code()).isEqualTo(3);
    assertThat(STACK_FRAME.matcher(plain.err()).find()).isFalse();
    assertThat(debug.err())
        .contains("dev.runnerlint.source.ImageReadException")
        .contains("Caused by: dev.runnerlint.layer.LayerFormatException: corrupt gzip");
    assertThat(STACK_FRAME.matcher(debug.err()).find()).isTrue();
  }

  /**
   * One {@code lint} of the whole corpus (with every report format written), in a JVM of its own:
   * working directory, HOME and java.io.tmpdir are fresh, and the heap is 64 MiB (flat memory: the
   * 16 GiB bomb included). Afterwards the working directory holds only the reports, HOME and the
   * temp directory hold nothing from the images, the host paths the tar names point at do not
   * exist, and the corpus is unchanged.
   */
  @Test
  void lintingTheCorpusWritesNothingFromTheImagesToTheHost(@TempDir Path tmp) throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    for (String target : HostileImages.ESCAPE_TARGETS) {
      assertThat(Path.of(target)).as("left over from an earlier run?").doesNotExist();
    }
    Map<String, String> corpusBefore = snapshot(corpus());

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx64m",
            "-XX:+UseSerialGC",
            "-Djava.io.tmpdir=" + javaTmp,
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "lint",
            "--format",
            "json",
            "--output",
            "junit=reports/r.xml",
            "--output",
            "markdown=reports/r.md",
            "--output",
            "github=reports/r.txt",
            "--output",
            "text=reports/r.log"));
    for (String name : HostileImages.NAMES) {
      command.add("oci:" + corpus().resolve(name));
    }
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
    pb.environment().put("HOME", home.toString());
    pb.environment().put("TMPDIR", javaTmp.toString());
    pb.redirectOutput(tmp.resolve("stdout").toFile());
    pb.redirectError(tmp.resolve("stderr").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("lint of the corpus ends").isTrue();
    String err = Files.readString(tmp.resolve("stderr"));

    assertThat(p.exitValue()).as(err).isEqualTo(ExitCodes.IMAGE_UNREADABLE);
    assertThat(err).doesNotContain("OutOfMemoryError").doesNotContain("internal error");
    assertThat(STACK_FRAME.matcher(err).find()).as(err).isFalse();
    assertThat(files(work))
        .containsExactlyInAnyOrder(
            "reports/r.xml", "reports/r.md", "reports/r.txt", "reports/r.log");
    assertThat(files(home)).isEmpty();
    // the JVM's own native zstd library is all the temp directory may hold
    assertThat(files(javaTmp)).allMatch(f -> f.matches("(?:[^/]*/)*lib[\\w.-]*zstd[\\w.-]*"));
    for (String target : HostileImages.ESCAPE_TARGETS) {
      assertThat(Path.of(target)).doesNotExist();
    }
    assertThat(snapshot(corpus())).isEqualTo(corpusBefore);
    String json = Files.readString(tmp.resolve("stdout"), StandardCharsets.UTF_8);
    assertThat(json).containsPattern("\"exitCode\"\\s*:\\s*3");
  }

  /**
   * Running out of memory is not a finding: with a heap too small for a 1 MiB sudoers, the exit
   * code is 70 and the error one line, not the JVM's stack trace and exit 1.
   */
  @Test
  void runningOutOfMemoryIsOneLineAndExit70(@TempDir Path tmp) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx12m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "lint",
                reference("sudoers-several-mb"))
            .directory(tmp.toFile())
            .redirectOutput(tmp.resolve("stdout").toFile())
            .redirectError(tmp.resolve("stderr").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String err = Files.readString(tmp.resolve("stderr"));

    assertThat(p.exitValue()).as(err).isEqualTo(ExitCodes.INTERNAL);
    assertThat(err.lines().toList())
        .containsExactly(
            "runnerlint: internal error: out of memory (java.lang.OutOfMemoryError: Java heap"
                + " space); give the JVM more, e.g. RUNNERLINT_JAVA_OPTS=\"-XX:+UseSerialGC"
                + " -Xmx4g\" (run with --debug for details)");
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !Files.isDirectory(p))
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private static Map<String, String> snapshot(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        String kind =
            Files.isDirectory(p)
                ? "dir"
                : HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p)));
        out.put(root.relativize(p).toString(), kind);
      }
    }
    return out;
  }
}
