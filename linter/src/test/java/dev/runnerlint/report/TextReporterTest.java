package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class TextReporterTest {

  @Test
  void noAnsiEscapesWithoutColourAndSomeWithIt() throws IOException {
    assertThat(Golden.render(new TextReporter(false), TestReports.failing()))
        .doesNotContain("\u001b[");
    assertThat(Golden.render(new TextReporter(true), TestReports.failing()))
        .contains("\u001b[31merror\u001b[0m")
        .contains("\u001b[2m  ~ ARC201");
  }

  @Test
  void showsEachFindingWithIdLevelMessageAndFix() throws IOException {
    String text = Golden.render(new TextReporter(false), TestReports.failing());
    assertThat(text)
        .contains("ghcr.io/acme/runner:1.0 (linux/amd64, sha256:0123")
        .contains("  ! ARC102 warning The container user is uid 0, not 1001.")
        .contains("      fix: Add USER runner (uid 1001).")
        .contains(
            "  ~ ARC201 note (suppressed until 2030-01-01: Our pod template runs /entrypoint.sh"
                + " itself.)")
        .contains(
            "localhost:5000/acme/broken:2.0\n  error: could not read image: manifest unknown");
  }

  @Test
  void endsWithTheSummaryLine() throws IOException {
    assertThat(Golden.render(new TextReporter(false), TestReports.failing()))
        .endsWith("\n2 images (1 unreadable), 4 errors, 2 warnings, 0 notes (1 suppressed)\n");
    assertThat(Golden.render(new TextReporter(false), TestReports.multiPlatform()))
        .endsWith("\n1 image (2 platforms), 1 error, 0 warnings, 0 notes (0 suppressed)\n");
  }

  @Test
  void terminalEscapesFromTheImageAreNotPassedThrough() throws IOException {
    Report report =
        TestReports.report(
            1,
            TestReports.image("ghcr.io/acme/runner:1.0")
                .finding(
                    TestReports.file(
                        "ARC001",
                        Level.ERROR,
                        "/x",
                        "evil \u001b]0;title\u0007 name\nsecond line",
                        "fix"))
                .build());
    String text = Golden.render(new TextReporter(false), report);
    assertThat(text)
        .doesNotContain("\u001b")
        .doesNotContain("\u0007")
        .contains("evil ?]0;title? name second line");
  }
}
