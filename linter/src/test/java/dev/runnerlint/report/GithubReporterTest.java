package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GithubReporterTest {

  @Test
  void oneAnnotationPerUnsuppressedFindingWithTheLevelsCommand() throws IOException {
    String out = Golden.render(new GithubReporter(Optional.empty()), TestReports.failing());
    assertThat(out.lines().filter(l -> l.startsWith("::error ")).count()).isEqualTo(5);
    assertThat(out.lines().filter(l -> l.startsWith("::warning ")).count()).isEqualTo(2);
    assertThat(out).doesNotContain("ARC201").doesNotContain("file=");
    Report notes =
        TestReports.report(
            0,
            TestReports.image("ghcr.io/acme/runner:1.0")
                .finding(TestReports.config("ARC201", Level.NOTE, "Cmd", "CMD is set.", "Drop it."))
                .build());
    assertThat(Golden.render(new GithubReporter(Optional.empty()), notes))
        .startsWith("::notice title=ARC201::");
  }

  @Test
  void withADockerfileEachAnnotationHasFileAndLine() throws IOException {
    String out =
        Golden.render(
            new GithubReporter(Optional.of(ReportGoldenTest.dockerfile())), TestReports.failing());
    assertThat(out).contains("::error file=docker/runner/Dockerfile,line=10,title=ARC004::");
  }

  @Test
  void escapesDataAndPropertiesAsTheRunnerExpects() {
    assertThat(GithubReporter.data("100% done\r\nnext: a,b\u001b[1m"))
        .isEqualTo("100%25 done%0D%0Anext: a,b?[1m");
    assertThat(GithubReporter.property("a:b,c%\n")).isEqualTo("a%3Ab%2Cc%25%0A");
  }
}
