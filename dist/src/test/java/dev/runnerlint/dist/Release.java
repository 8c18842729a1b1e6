package dev.runnerlint.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.fixtures.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * What {@code mvn -B package} built, for the release tests. They run in {@code mvn -B test}, which
 * does not package: {@code .ci/run} runs {@code mvn -B package -DskipTests} first, and with {@code
 * CI} set a missing artifact fails the test; without {@code CI} the tests say so and skip.
 */
final class Release {
  static final Path ROOT = Path.of(System.getProperty("runnerlint.projectRoot", "..")).normalize();
  static final String VERSION = System.getProperty("runnerlint.version", "0.1.0-SNAPSHOT");
  static final Path DIST = Path.of(System.getProperty("runnerlint.distDir", "target"));

  private Release() {}

  static Path jar() {
    return require(ROOT.resolve("linter/target/runnerlint-" + VERSION + ".jar"));
  }

  static Path tarball() {
    return fresh(require(DIST.resolve("runnerlint-" + VERSION + "-linux-x64.tar.gz")));
  }

  static Path imageTar() {
    return fresh(require(DIST.resolve("runnerlint-" + VERSION + "-image.tar")));
  }

  /**
   * The artifact, if it was built from the current jar: {@code ./runnerlint} rebuilds the jar when
   * sources change, and a release older than the jar would be compared with another build.
   */
  private static Path fresh(Path artifact) {
    Path jar = jar();
    try {
      if (Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(artifact)) > 0) {
        unavailable(
            artifact
                + " is older than "
                + jar
                + ": run `mvn -B package -DskipTests` again before `mvn -B test`");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return artifact;
  }

  static Path samples() {
    return ROOT.resolve("fixtures/samples").toAbsolutePath();
  }

  private static Path require(Path p) {
    if (!Files.isRegularFile(p)) {
      unavailable(p + " is not built: run `mvn -B package -DskipTests` before `mvn -B test`");
    }
    return p.toAbsolutePath();
  }

  /** In CI a failure; elsewhere the test says why and skips. */
  static void unavailable(String why) {
    if (System.getenv("CI") != null) {
      throw new AssertionError(why + " (.ci/run does)");
    }
    Assumptions.abort(why);
  }

  /** Unpacks the release tarball with tar into {@code dir}; returns runnerlint-VERSION/. */
  static Path unpack(Path dir) {
    run(List.of("tar", "-xzf", tarball().toString(), "-C", dir.toString()), null).ok();
    Path home = dir.resolve("runnerlint-" + VERSION);
    assertThat(home).isDirectory();
    return home;
  }

  /** {@code java -jar} of the release jar with the JDK running the tests. */
  static CommandResult javaJar(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    return run(cmd, null);
  }

  static CommandResult run(List<String> cmd, Map<String, String> env) {
    return CommandResult.run(cmd, env, null, Duration.ofMinutes(3));
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
