package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.fixtures.FaultProxy;
import dev.runnerlint.fixtures.FaultProxy.Status;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.fixtures.LocalRegistry;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --progress auto} as a user sees it: the real CLI in its own JVM with stderr on a pty
 * ({@code script} from util-linux), reading from the real local registry. The pty's output is
 * played on {@link TerminalScreen} to get the final screen.
 */
class ProgressTerminalTest {

  @TempDir Path tmp;

  record PtyRun(int code, String terminal, String stdout) {
    List<String> screen() {
      return TerminalScreen.of(terminal).lines();
    }
  }

  /** Runs {@code runnerlint ARGS} with stderr (only) on a pty; stdout goes to a file. */
  PtyRun runOnPty(String... args) throws Exception {
    return runOnTerminal("xterm", args);
  }

  PtyRun runOnTerminal(String term, String... args) throws Exception {
    return runOnTerminal(term, seen -> {}, args);
  }

  /** As above; {@code seen} is given what the terminal has shown so far after every read. */
  PtyRun runOnTerminal(String term, Consumer<String> seen, String... args) throws Exception {
    Path out = Files.createTempFile(tmp, "stdout", ".txt");
    StringBuilder cmd = new StringBuilder("exec ");
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add("dev.runnerlint.cli.Main");
    argv.addAll(List.of(args));
    for (String a : argv) {
      cmd.append('\'').append(a.replace("'", "'\\''")).append("' ");
    }
    cmd.append(">'").append(out).append('\'');
    ProcessBuilder pb =
        new ProcessBuilder("script", "-qfec", cmd.toString(), "/dev/null")
            .redirectInput(new File("/dev/null"))
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("TERM", term);
    pb.environment().put("COLUMNS", "200");
    pb.environment().put("LINES", "100");
    Process p = pb.start();
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) >= 0; ) {
        shown.write(buf, 0, n);
        seen.accept(shown.toString(StandardCharsets.UTF_8));
      }
    }
    byte[] terminal = shown.toByteArray();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new PtyRun(
        p.exitValue(),
        new String(terminal, StandardCharsets.UTF_8).replace("\r\n", "\n"),
        Files.readString(out));
  }

  static String hex(Layer layer) {
    return layer.digest().substring("sha256:".length(), "sha256:".length() + 12);
  }

  /** The final block of an image all of whose layers were fetched. */
  static List<String> fetchedBlock(String ref, FixtureImage image) {
    List<String> block = new ArrayList<>();
    block.add(ref + " (linux/amd64)");
    long total = 0;
    for (Layer l : image.layers()) {
      block.add("  " + hex(l) + "  done         " + CacheCommand.human(l.size()));
      total += l.size();
    }
    int n = image.layers().size();
    block.add(
        "  total         "
            + n
            + "/"
            + n
            + " layers, "
            + CacheCommand.human(total)
            + " / "
            + CacheCommand.human(total));
    return block;
  }

  @Test
  void aTerminalShowsEveryLayersBytesAndATotalRedrawnInPlaceAndTheReportIsUnchanged()
      throws Exception {
    FixtureImage image = LintCli.withUniqueLayer("pty-one");
    LocalRegistry registry = LintCli.registry();
    FixtureWriter.push(registry, "progress/pty-one:1", image);
    Layer unique = image.layers().get(image.layers().size() - 1);
    try (FaultProxy proxy = FaultProxy.start(registry.url())) {
      // the unique layer's blob waits until the terminal shows a live frame, so the final draw
      // must redraw it in place however fast the machine is
      AtomicBoolean frameShown = new AtomicBoolean();
      proxy.on(
          FaultProxy.blob(unique.digest()),
          new FaultProxy.Hold(p -> frameShown.get(), Duration.ofSeconds(60)),
          -1);
      String ref = proxy.hostPort() + "/progress/pty-one:1";
      PtyRun run =
          runOnTerminal(
              "xterm",
              seen -> {
                if (!frameShown.get() && seen.contains("  total ")) {
                  frameShown.set(true);
                  proxy.recheck();
                }
              },
              "lint",
              "--no-cache",
              ref);
      assertThat(run.code()).as("%s", run).isZero();
      assertThat(frameShown).as("a live frame was shown while the layer was held").isTrue();
      assertThat(run.terminal()).as("redrawn in place").contains("\u001b[K").contains("A");
      assertThat(TerminalScreen.of(run.terminal()).cursorUps).isPositive();
      assertThat(run.screen()).isEqualTo(fetchedBlock(ref, image));
      LintCli.Run none = LintCli.run("lint", "--no-cache", "--progress", "none", ref);
      assertThat(none.err()).isEmpty();
      assertThat(run.stdout()).isEqualTo(none.out());
    }
  }

  @Test
  void aDumbTerminalGetsThePlainLine() throws Exception {
    FixtureImage image = LintCli.withUniqueLayer("pty-dumb");
    String ref = LintCli.push("progress/pty-dumb:1", image);
    PtyRun run = runOnTerminal("dumb", "lint", "--no-cache", ref);
    assertThat(run.code()).as("%s", run).isZero();
    assertThat(run.terminal()).doesNotContain("\u001b");
    assertThat(run.screen()).containsExactly(LintCli.plainProgressLine(ref, image, false));
  }

  @Test
  void aBatchShowsOneFinishedBlockPerImage() throws Exception {
    FixtureImage a = LintCli.withUniqueLayer("pty-a");
    FixtureImage b = LintCli.withUniqueLayer("pty-b");
    String refA = LintCli.push("progress/pty-a:1", a);
    String refB = LintCli.push("progress/pty-b:1", b);
    Path cache = tmp.resolve("cache");
    PtyRun run = runOnPty("lint", "--cache-dir", cache.toString(), refA, refB);
    assertThat(run.code()).as("%s", run).isZero();
    List<String> screen = run.screen();
    List<String> blockA = fetchedBlock(refA, a);
    // the layers the images share are fetched once: for the second image read, they are cached
    assertThat(screen).hasSize(blockA.size() + fetchedBlock(refB, b).size());
    assertThat(screen).contains(blockA.get(0), fetchedBlock(refB, b).get(0));
    assertThat(screen.stream().filter(l -> l.startsWith("  total ")))
        .hasSize(2)
        .allMatch(l -> l.matches("  total {9}(\\d+)/\\1 layers.*"));
    assertThat(screen)
        .filteredOn(l -> l.startsWith("  ") && !l.startsWith("  total"))
        .allMatch(l -> l.contains("  done ") || l.endsWith("  cached"));
  }

  @Test
  void anImageThatFailsLeavesItsLastStateAndTheErrorOnALineOfItsOwn() throws Exception {
    FixtureImage image = LintCli.withUniqueLayer("pty-fail");
    LocalRegistry registry = LintCli.registry();
    FixtureWriter.push(registry, "progress/pty-fail:1", image);
    Layer unique = image.layers().get(image.layers().size() - 1);
    try (FaultProxy proxy = FaultProxy.start(registry.url())) {
      proxy.on(FaultProxy.blob(unique.digest()), new Status(404, java.util.Map.of()), -1);
      String ref = proxy.hostPort() + "/progress/pty-fail:1";
      PtyRun run = runOnPty("lint", "--no-cache", ref);
      assertThat(run.code()).as("%s", run).isEqualTo(3);
      List<String> screen = run.screen();
      assertThat(screen.get(0)).isEqualTo(ref + " (linux/amd64)");
      assertThat(screen)
          .contains(
              "  " + hex(unique) + "  failed       0 B / " + CacheCommand.human(unique.size()));
      assertThat(screen.get(screen.size() - 1)).startsWith("runnerlint: ").contains(ref);
      assertThat(screen.get(screen.size() - 2)).startsWith("  total ");
    }
  }
}
