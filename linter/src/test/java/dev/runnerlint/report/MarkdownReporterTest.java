package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class MarkdownReporterTest {

  @Test
  void everyTableRowHasFourCellsEvenWithPipesAndNewlines() throws IOException {
    Report report =
        TestReports.report(
            1,
            TestReports.image("ghcr.io/acme/runner:1.0")
                .finding(
                    TestReports.file(
                        "ARC001", Level.ERROR, "/a|b", "a | pipe\nand a <b>tag</b>", "fix | it"))
                .build());
    String md = Golden.render(new MarkdownReporter(), report);
    String row = md.lines().filter(l -> l.startsWith("| [ARC001")).findFirst().orElseThrow();
    assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(5);
    assertThat(row).contains("a \\| pipe<br>and a &lt;b&gt;tag&lt;/b&gt;").contains("fix \\| it");
  }

  @Test
  void oneSectionPerImagePlatformWithTheSummaryFirst() throws IOException {
    String md = Golden.render(new MarkdownReporter(), TestReports.multiPlatform());
    assertThat(md).startsWith("## runnerlint\n\n**1 image (2 platforms), 1 error,");
    assertThat(md)
        .contains("### :white_check_mark: ghcr.io/acme/runner:1.1 (linux/amd64)")
        .contains("### :x: ghcr.io/acme/runner:1.1 (linux/arm64)");
  }
}
