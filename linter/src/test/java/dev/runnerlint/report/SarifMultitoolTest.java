package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnerlint.findings.Report;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private static final String BROKEN = "control-without-region.sarif";

  @Test
  void multitoolWithGithubRulesFindsNoErrors(@TempDir Path dir) throws Exception {
    List<Path> files = new ArrayList<>();
    for (Object[] v : SarifReporterTest.variants()) {
      boolean dockerfile = (Boolean) v[2];
      String name = v[0] + (dockerfile ? "-dockerfile" : "") + ".sarif";
      SarifReporter reporter =
          new SarifReporter(
              dockerfile ? Optional.of(ReportGoldenTest.dockerfile()) : Optional.empty());
      Path file = dir.resolve(name);
      Files.writeString(file, Golden.render(reporter, (Report) v[1]), StandardCharsets.UTF_8);
      files.add(file);
    }
    ObjectNode broken = new SarifReporter(Optional.empty()).toSarif(TestReports.failing());
    ((ObjectNode) broken.at("/runs/0/results/0/locations/0/physicalLocation")).remove("region");
    Files.writeString(dir.resolve(BROKEN), broken.toString(), StandardCharsets.UTF_8);
    files.add(dir.resolve(BROKEN));

    Map<String, List<String>> errors = ReportValidators.multitoolErrors(dir, files);
    assertThat(errors.remove(BROKEN))
        .as("the broken control log is reported")
        .anyMatch(e -> e.startsWith("GH1003"));
    assertThat(errors)
        .as("Multitool errors per file")
        .allSatisfy((file, list) -> assertThat(list).as(file).isEmpty());
  }
}
