package dev.runnerlint.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.fixtures.CommandResult;
import dev.runnerlint.fixtures.DockerDaemon;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.SampleImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runnerlint's own image (Jib, from a locally assembled base): runnerlint reads it, and the real
 * dockerd runs it.
 */
class OwnImageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TAG = "runnerlint:" + Release.VERSION;
  @TempDir Path tmp;

  private static String ociArchive() {
    Path tar =
        Release.imageTar().resolveSibling("runnerlint-" + Release.VERSION + "-image-oci.tar");
    return "oci-archive:" + tar;
  }

  @Test
  void runnerlintReadsItsOwnImageLayersUserAndEntrypoint() throws Exception {
    CommandResult r = Release.javaJar("inspect", ociArchive(), "--format", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode image = JSON.readTree(r.out()).at("/images/0");
    assertThat(image.path("platform").asText()).isEqualTo("linux/amd64");
    assertThat(image.path("layers")).hasSize(4);
    assertThat(image.at("/config/User").asText()).isEqualTo("65532:65532");
    assertThat(image.at("/config/Entrypoint/0").asText())
        .isEqualTo("/opt/runnerlint/runtime/bin/runnerlint");

    // the entrypoint exists, is an executable ELF file for the image's platform
    String bin =
        Release.javaJar("inspect", ociArchive(), "--ls", "/opt/runnerlint/runtime/bin").ok().out();
    assertThat(bin).containsPattern("(?m)^-rwxr-xr-x\\s+0:0\\s+\\d+ runnerlint$");
    // the C library the runtime links, and the non-root user
    assertThat(Release.javaJar("inspect", ociArchive(), "--ls", "/lib64").ok().out())
        .contains("ld-linux-x86-64.so.2");
    assertThat(Release.javaJar("inspect", ociArchive(), "--cat", "/etc/passwd").ok().out())
        .contains("nonroot:x:65532:65532:");
    // distroless: nothing at the top but the libraries, /etc, /home, /opt and /tmp; no shell
    String top = Release.javaJar("inspect", ociArchive(), "--ls", "/").ok().out();
    assertThat(top.lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)))
        .containsExactlyInAnyOrder("etc", "home", "lib", "lib64", "opt", "tmp");
  }

  @Test
  void theTestDockerdRunsTheImageAsNonRoot() throws Exception {
    DockerDaemon d = DockerDaemon.shared();
    assertThat(d.load(Release.imageTar())).contains("Loaded image: " + TAG);
    JsonNode config = d.inspectImage(TAG).orElseThrow().path("Config");
    assertThat(config.path("User").asText()).isEqualTo("65532:65532");

    CommandResult version = d.run(TAG, List.of(), "--version").ok();
    assertThat(version.out()).startsWith("runnerlint " + Release.VERSION + "\n");
    assertThat(version.out()).isEqualTo(Release.javaJar("--version").ok().out());
  }

  @Test
  void lintingAMountedArchiveInTheContainerGivesTheJarsFindings() throws Exception {
    DockerDaemon d = DockerDaemon.shared();
    d.load(Release.imageTar());
    Path archive = tmp.resolve("runner-broken.tar");
    FixtureWriter.dockerArchive(
        archive, "acme/runner:broken", SampleImages.runnerBroken("linux/amd64"));
    // mounted at the same path, so the reports name the same reference
    String ref = "docker-archive:" + archive;
    CommandResult container =
        d.run(TAG, List.of("-v", archive + ":" + archive + ":ro"), "lint", ref, "--format", "json");
    CommandResult jar = Release.javaJar("lint", ref, "--format", "json");
    assertThat(container.exit()).as(container.err()).isEqualTo(jar.exit()).isEqualTo(1);
    assertThat(ReleaseTarballTest.withoutStartTime(container.out()))
        .isEqualTo(ReleaseTarballTest.withoutStartTime(jar.out()));

    Path samples = Release.samples();
    CommandResult ok =
        d.run(
            TAG,
            List.of("-v", samples + ":" + samples + ":ro"),
            "lint",
            "oci:" + samples.resolve("runner-ok"));
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("no findings");
  }
}
