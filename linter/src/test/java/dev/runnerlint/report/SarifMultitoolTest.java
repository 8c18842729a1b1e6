package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Microsoft's SARIF Multitool, with GitHub's ingestion rules ({@code --rule-kind "Sarif;Ghas"} and
 * {@code ../shared/schemas/github.config.xml}), finds no error in our SARIF: failing and passing
 * images, single- and multi-platform, with and without Dockerfile locations. The tool exits 0 even
 * when a log has errors, so the test reads its output log; a deliberately broken log in the same
 * run proves the errors would be seen. One tool run checks every file (it takes seconds to start).
 */
class SarifMultitoolTest {
  private static final long TIMEOUT_SECONDS = 300;
  private static final String BROKEN = "control-without-region.sarif";

  @Test
  void multitoolWithGithubRulesFindsNoErrors(@TempDir Path dir) throws Exception {
    Path tool = External.sarifMultitool();
    Path config = External.sharedSchemas().resolve("github.config.xml");
    External.require(Files.isRegularFile(config), "missing " + config);

    List<String> command = new ArrayList<>(List.of(tool.toString(), "validate"));
    Map<String, List<String>> errors = new TreeMap<>();
    for (Object[] v : SarifReporterTest.variants()) {
      boolean dockerfile = (Boolean) v[2];
      String name = v[0] + (dockerfile ? "-dockerfile" : "") + ".sarif";
      SarifReporter reporter =
          new SarifReporter(
              dockerfile ? Optional.of(ReportGoldenTest.dockerfile()) : Optional.empty());
      Path file = dir.resolve(name);
      Files.writeString(file, Golden.render(reporter, (Report) v[1]), StandardCharsets.UTF_8);
      command.add(file.toString());
      errors.put(name, new ArrayList<>());
    }
    ObjectNode broken = new SarifReporter(Optional.empty()).toSarif(TestReports.failing());
    ((ObjectNode) broken.at("/runs/0/results/0/locations/0/physicalLocation")).remove("region");
    Files.writeString(dir.resolve(BROKEN), broken.toString(), StandardCharsets.UTF_8);
    command.add(dir.resolve(BROKEN).toString());
    errors.put(BROKEN, new ArrayList<>());

    Path out = dir.resolve("validation.sarif");
    command.addAll(
        List.of("--rule-kind", "Sarif;Ghas", "--config", config.toString(), "--output", out.toString()));
    Path console = dir.resolve("multitool.log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(console.toFile())
            .start();
    boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String log = Files.readString(console, StandardCharsets.UTF_8);
    assertThat(finished).as("Multitool finished within %ss; output:%n%s", TIMEOUT_SECONDS, log).isTrue();
    assertThat(process.exitValue()).as("Multitool exit code; output:%n%s", log).isZero();
    assertThat(out).as("Multitool wrote its log; output:%n%s", log).exists();

    JsonNode validation = new ObjectMapper().readTree(out.toFile());
    for (JsonNode run : validation.get("runs")) {
      for (JsonNode result : run.path("results")) {
        if (!"error".equals(result.path("level").asText())) {
          continue;
        }
        String uri =
            result.at("/locations/0/physicalLocation/artifactLocation/uri").asText();
        String file = Path.of(URI.create(uri)).getFileName().toString();
        errors
            .computeIfAbsent(file, k -> new ArrayList<>())
            .add(result.path("ruleId").asText() + " " + result.path("message"));
      }
    }
    assertThat(errors.remove(BROKEN))
        .as("the broken control log is reported; output:%n%s", log)
        .anyMatch(e -> e.startsWith("GH1003"));
    assertThat(errors)
        .as("Multitool errors per file; output:%n%s", log)
        .allSatisfy((file, list) -> assertThat(list).as(file).isEmpty());
  }
}
