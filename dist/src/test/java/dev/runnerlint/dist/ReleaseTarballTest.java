package dev.runnerlint.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnerlint.fixtures.CommandResult;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.LocalRegistry;
import dev.runnerlint.fixtures.SampleImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball on a machine without Maven or a JDK on PATH: unpacked with tar and run with
 * {@code env -i PATH=<its bin/>}.
 */
class ReleaseTarballTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  static Path home;

  @BeforeAll
  static void unpack() {
    home = Release.unpack(tmp);
  }

  /** {@code env -i PATH=BIN runnerlint ARGS} (no HOME, no JAVA_HOME, nothing else on PATH). */
  static CommandResult cleanRun(String... args) {
    List<String> cmd = new ArrayList<>(List.of("env", "-i", "PATH=" + home.resolve("bin")));
    cmd.add("runnerlint");
    cmd.addAll(List.of(args));
    return Release.run(cmd, null);
  }

  @Test
  void holdsTheRuntimeTheJarTheLauncherAndTheDocs() {
    assertThat(home.resolve("bin/runnerlint")).isExecutable();
    assertThat(home.resolve("runtime/bin/java")).isExecutable();
    assertThat(home.resolve("lib/runnerlint.jar")).isRegularFile();
    assertThat(home.resolve("runtime/lib/server/classes.jsa")).as("CDS archive").isRegularFile();
    assertThat(Release.read(home.resolve("LICENSE"))).contains("Apache License", "Version 2.0");
    assertThat(Release.read(home.resolve("CHANGELOG.md"))).contains("# Changelog");
    assertThat(Release.read(home.resolve("share/man/runnerlint-lint.adoc")))
        .contains("runnerlint-lint", "--runner-dir", "--fail-on");
    // only the modules runnerlint needs
    String modules =
        Release.run(List.of(home.resolve("runtime/bin/java").toString(), "--list-modules"), null)
            .ok()
            .out();
    assertThat(modules).contains("java.base@", "jdk.crypto.ec@").doesNotContain("java.desktop");
  }

  @Test
  void usesIsaLAndOpenSslWhereTheyAreInstalled() {
    // .ci/run installs libisal2 and libssl3: the release's runtime must be able to load them
    // (JNA needs java.logging), else every cold lint silently runs at the JDK's speed
    if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libisal.so.2"))
        || !Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))) {
      Release.unavailable("libisal2 and libssl3 are not installed here");
    }
    String ok = "oci:" + Release.samples().resolve("runner-ok");
    CommandResult r = cleanRun("--debug", "lint", "--no-cache", ok);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err())
        .contains("debug: inflate gzip layers with ISA-L (libisal.so.2)")
        .contains("debug: hash blobs with OpenSSL (libcrypto.so.3)");
  }

  @Test
  void versionNamesTheVersionCommitAndBuildDate() {
    CommandResult r = cleanRun("--version").ok();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .matches(
            "runnerlint "
                + Release.VERSION.replace(".", "\\.")
                + "\ncommit: ([0-9a-f]{12}(-dirty)?|unknown)\nbuilt: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n");
    // the same build as the jar
    assertThat(Release.javaJar("--version").ok().out()).isEqualTo(r.out());
  }

  @Test
  void lintsTheSampleImagesLikeTheJar() throws Exception {
    String ok = "oci:" + Release.samples().resolve("runner-ok");
    CommandResult r = cleanRun("lint", ok);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("no findings");

    String broken = "oci:" + Release.samples().resolve("runner-broken");
    CommandResult tarball = cleanRun("lint", broken, "--format", "json");
    CommandResult jar = Release.javaJar("lint", broken, "--format", "json");
    assertThat(tarball.exit()).isEqualTo(jar.exit()).isEqualTo(1);
    assertThat(withoutStartTime(tarball.out())).isEqualTo(withoutStartTime(jar.out()));
    assertThat(JSON.readTree(tarball.out()).at("/images/0/findings")).isNotEmpty();
  }

  @Test
  void readsARegistryOverHttp() {
    LocalRegistry registry = LocalRegistry.shared();
    FixtureWriter.push(registry, "release/runner:ok", SampleImages.runnerOk("linux/amd64"));
    CommandResult r = cleanRun("inspect", registry.reference("release/runner:ok"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("linux/amd64");
  }

  @Test
  void bashCompletionRegistersWithBash() throws Exception {
    Path script = home.resolve("share/bash-completion/completions/runnerlint");
    assertThat(cleanRun("completion", "bash").ok().out()).isEqualTo(Release.read(script));
    assertThat(cleanRun("completion", "zsh").ok().out()).isEqualTo(Release.read(script));
    CommandResult complete =
        Release.run(
            List.of(
                "bash",
                "-c",
                "source \"$1\" && complete -p runnerlint && COMP_WORDS=(runnerlint li) COMP_CWORD=1"
                    + " && _picocli_runnerlint && printf '%s\\n' \"${COMPREPLY[@]}\"",
                "bash",
                script.toString()),
            Map.of("PATH", "/usr/bin:/bin"));
    assertThat(complete.ok().out()).contains("-F _complete_runnerlint runnerlint").contains("lint");
  }

  @Test
  void theLauncherFollowsASymlinkToIt() throws Exception {
    // the documented install: ln -s /opt/runnerlint-VERSION/bin/runnerlint /usr/local/bin/
    Path bin = java.nio.file.Files.createDirectories(tmp.resolve("usr-local-bin"));
    java.nio.file.Files.createSymbolicLink(
        bin.resolve("runnerlint"), home.resolve("bin/runnerlint"));
    CommandResult r =
        Release.run(
            List.of("env", "-i", "PATH=" + bin + ":/usr/bin:/bin", "runnerlint", "--version"),
            null);
    assertThat(r.ok().out()).startsWith("runnerlint " + Release.VERSION + "\n");
  }

  @Test
  void aMissingImageIsOneLineAndExit3() {
    CommandResult r = cleanRun("lint", "oci:" + tmp.resolve("absent"));
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err().lines()).hasSize(1).allMatch(l -> l.startsWith("runnerlint: "));
  }

  /** The JSON report without what differs between two runs: start time and durations. */
  static String withoutStartTime(String json) throws Exception {
    JsonNode n = JSON.readTree(json);
    ((ObjectNode) n).remove("started");
    for (JsonNode image : n.path("images")) {
      ((ObjectNode) image).remove("durationMs");
    }
    return n.toPrettyString();
  }
}
