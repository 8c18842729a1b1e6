package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.cli.LintCli.Run;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.Layer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pack that is not bundled reads files no built-in rule reads ({@code /etc/os-release} through
 * its symlink, a hook script): their content is captured because the pack's checks declare them,
 * with no change to the reader.
 */
class LintCustomPackReadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String image;

  static FixtureImage withExtraFiles() {
    return LintCli.ok().toBuilder()
        .layer(
            Layer.builder()
                .createdBy("COPY os-release and the hooks")
                .file("/usr/lib/os-release", "PRETTY_NAME=\"Debian 12\"\nID=debian\n", 0644, 0, 0)
                .symlink("/etc/os-release", "../usr/lib/os-release")
                .file(
                    "/home/runner/k8s/index.js",
                    "// container hooks\nmodule.exports = { prepareJob };\n",
                    0644,
                    1001,
                    1001)
                .build())
        .build();
  }

  @BeforeAll
  static void pushImage() {
    image = LintCli.push("custom-reads/runner:1", withExtraFiles());
  }

  static Path pack(Path dir) throws IOException {
    Path p = dir.resolve("acme-reads.yaml");
    Files.writeString(
        p,
        """
        pack: acme-reads
        rules:
          - id: ACME001
            name: debian-based
            level: error
            summary: The image is Debian-based.
            check:
              file.contains: {path: /etc/os-release, text: "ID=debian"}
          - id: ACME002
            name: hooks-export-prepare-job
            level: error
            summary: The container hooks export prepareJob.
            check:
              file.contains: {path: /home/runner/k8s/index.js, text: prepareJob}
          - id: ACME003
            name: hooks-not-alpine
            level: warning
            summary: The image is not Alpine.
            check:
              file.contains: {path: /etc/os-release, text: "ID=alpine"}
        """);
    return p;
  }

  private static Map<String, String> statuses(Run run) throws IOException {
    JsonNode doc = JSON.readTree(run.out());
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode r : doc.get("images").get(0).get("rules")) {
      out.put(r.get("id").asText(), r.get("status").asText());
    }
    return out;
  }

  @Test
  void aCustomPackReadsAnyFileWithoutCodeChanges(@TempDir Path dir) throws IOException {
    Run run = LintCli.run("lint", "--rules", pack(dir).toString(), "--format", "json", image);

    assertThat(run.code()).as(run.toString()).isZero(); // ACME003 fails with a warning only
    Map<String, String> st = statuses(run);
    assertThat(st).containsEntry("ACME001", "passed").containsEntry("ACME002", "passed");
    assertThat(st).containsEntry("ACME003", "failed");
    assertThat(run.out()).contains("/etc/os-release does not contain 'ID=alpine'");
    // the built-in rules are unaffected
    assertThat(st).containsEntry("ARC003", "passed").containsEntry("ARC105", "passed");
  }
}
