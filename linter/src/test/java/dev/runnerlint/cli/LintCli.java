package dev.runnerlint.cli;

import dev.runnerlint.fixtures.FakeElf;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureIndex;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.fixtures.LocalRegistry;
import dev.runnerlint.fixtures.SampleImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code runnerlint} through {@link Main#run} and holds the fixture images the lint CLI tests
 * share: built by the fixture builder and pushed once to the real local registry.
 */
final class LintCli {
  private LintCli() {}

  static final String AMD64 = "linux/amd64";
  static final String ARM64 = "linux/arm64";

  /** One CLI run: exit code and what it wrote. */
  record Run(int code, String out, String err) {
    /** The non-empty lines of stderr. */
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** Runs with streams that are not a terminal, in the JVM's working directory. */
  static Run run(String... args) {
    return run(Environment.notATerminal(), args);
  }

  /** Runs in {@code dir} as working directory, not a terminal, without NO_COLOR. */
  static Run runIn(Path dir, String... args) {
    return run(new Environment(dir, Map.of(), false), args);
  }

  static Run run(Environment environment, String... args) {
    args = withoutSharedCache(args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), environment);
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * Tests never use the real layer cache (~/.cache): a {@code lint} run that names no cache option
   * gets {@code --no-cache}; tests of the cache pass {@code --cache-dir} with a temp directory.
   */
  static String[] withoutSharedCache(String... args) {
    if (args.length == 0 || !args[0].equals("lint")) {
      return args;
    }
    for (String a : args) {
      if (a.equals("--no-cache") || a.equals("--cache-dir") || a.startsWith("--cache-dir=")) {
        return args;
      }
    }
    String[] out = new String[args.length + 1];
    out[0] = args[0];
    out[1] = "--no-cache";
    System.arraycopy(args, 1, out, 2, args.length - 1);
    return out;
  }

  static LocalRegistry registry() {
    return LocalRegistry.shared();
  }

  /** Pushes {@code image} to the shared registry and returns its full reference. */
  static String push(String repoAndTag, FixtureImage image) {
    FixtureWriter.push(registry(), repoAndTag, image);
    return registry().reference(repoAndTag);
  }

  static String push(String repoAndTag, FixtureIndex index) {
    FixtureWriter.push(registry(), repoAndTag, index);
    return registry().reference(repoAndTag);
  }

  // ---- the images ----

  /** Meets the contract: no findings at all. */
  static FixtureImage ok() {
    return SampleImages.runnerOk(AMD64);
  }

  /** Errors: no run.sh, WORKDIR /, root without RUNNER_ALLOW_RUNASROOT (plus warnings). */
  static FixtureImage broken() {
    return SampleImages.runnerBroken(AMD64);
  }

  /** Only a warning: group docker has GID 999 instead of 123 (ARC103). */
  static FixtureImage warningsOnly() {
    return SampleImages.runner(AMD64, 999, AMD64);
  }

  /**
   * An arm64 image into which the x64 runner package was copied: everything conforms except that
   * Runner.Listener is an x86-64 ELF (ARC008).
   */
  static FixtureImage arm64WithX64Runner() {
    return SampleImages.runner(ARM64, 123, AMD64);
  }

  /** amd64 conforming, arm64 with the x64 runner: the platforms differ in verdict. */
  static FixtureIndex mixedIndex() {
    return FixtureIndex.of(ok(), arm64WithX64Runner());
  }

  /**
   * The {@code --progress plain} line of {@code image} pushed as {@code ref}, read cold (every
   * layer fetched) or warm (every layer from the cache).
   */
  static String plainProgressLine(String ref, FixtureImage image, boolean warm) {
    int layers = image.layers().size();
    return ref
        + " (linux/amd64): "
        + layers
        + " layers read, "
        + (warm ? layers : 0)
        + " from the cache, "
        + (warm ? "0 B" : CacheCommand.human(image.layers().stream().mapToLong(Layer::size).sum()))
        + " fetched";
  }

  /**
   * The conforming image with one more layer whose content is unique to {@code marker}, so its blob
   * can be corrupted in the registry without touching another image's blobs.
   */
  static FixtureImage withUniqueLayer(String marker) {
    return ok().toBuilder()
        .layer(
            Layer.builder()
                .createdBy("COPY " + marker + ".txt /etc/" + marker + ".txt # buildkit")
                .file("/etc/" + marker + ".txt", "unique layer " + marker + "\n", 0644, 0, 0)
                .build())
        .build();
  }

  /** A fake ELF binary for {@code platform}, e.g. for overriding Runner.Listener. */
  static byte[] elf(String platform, String name) {
    return FakeElf.binaryForPlatform(platform, name);
  }
}
