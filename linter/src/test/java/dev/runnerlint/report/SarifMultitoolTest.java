package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Microsoft's SARIF Multitool, with GitHub's ingestion rules ({@code --rule-kind "Sarif;Ghas"} and
 * {@code ../shared/schemas/github.config.xml}), finds no error in our SARIF: failing and passing
 * images, single- and multi-platform, with and without Dockerfile locations. The tool exits 0 even
 * when the log has errors, so the test reads its output log.
 */
class SarifMultitoolTest {
  private static final long TIMEOUT_SECONDS = 300;

  static List<Object[]> variants() {
    return SarifReporterTest.variants();
  }

  @ParameterizedTest(name = "{0} dockerfile={2}")
  @MethodSource("variants")
  void multitoolReportsNoErrors(String name, Report report, boolean dockerfile, @TempDir Path dir)
      throws Exception {
    Path tool = External.sarifMultitool();
    Path config = External.sharedSchemas().resolve("github.config.xml");
    External.require(Files.isRegularFile(config), "missing " + config);

    SarifReporter reporter =
        new SarifReporter(
            dockerfile ? Optional.of(ReportGoldenTest.dockerfile()) : Optional.empty());
    Path in = dir.resolve(name + ".sarif");
    Files.writeString(in, Golden.render(reporter, report), StandardCharsets.UTF_8);
    Path out = dir.resolve("validation.sarif");
    Path console = dir.resolve("multitool.log");

    Process process =
        new ProcessBuilder(
                tool.toString(),
                "validate",
                in.toString(),
                "--rule-kind",
                "Sarif;Ghas",
                "--config",
                config.toString(),
                "--output",
                out.toString())
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
    List<String> errors = new ArrayList<>();
    for (JsonNode run : validation.get("runs")) {
      for (JsonNode result : run.path("results")) {
        if ("error".equals(result.path("level").asText())) {
          errors.add(result.path("ruleId").asText() + " " + result.path("message"));
        }
      }
    }
    assertThat(errors).as("Multitool errors; output:%n%s", log).isEmpty();
  }
}
