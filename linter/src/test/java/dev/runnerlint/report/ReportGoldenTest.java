package dev.runnerlint.report;

import dev.runnerlint.dockerfile.Dockerfile;
import dev.runnerlint.findings.Report;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every format on the failing, passing and multi-platform scenarios, compared with golden files
 * (see {@link Golden} for how to regenerate them).
 */
class ReportGoldenTest {

  static Dockerfile dockerfile() throws IOException {
    try (InputStream in = ReportGoldenTest.class.getResourceAsStream("/report/Dockerfile")) {
      return Dockerfile.parse(
          "docker/runner/Dockerfile", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static void check(String name, Reporter reporter, Report report) throws IOException {
    Golden.assertMatches(name, Golden.render(reporter, report));
  }

  @Test
  void text() throws IOException {
    check("failing.txt", new TextReporter(false), TestReports.failing());
    check("passing.txt", new TextReporter(false), TestReports.passing());
    check("multi-platform.txt", new TextReporter(false), TestReports.multiPlatform());
  }

  @Test
  void textInColour() throws IOException {
    check("failing-colour.txt", new TextReporter(true), TestReports.failing());
  }

  @Test
  void json() throws IOException {
    check("failing.json", new JsonReporter(), TestReports.failing());
    check("passing.json", new JsonReporter(), TestReports.passing());
  }

  @Test
  void sarif() throws IOException {
    check("failing.sarif", new SarifReporter(Optional.empty()), TestReports.failing());
    check("passing.sarif", new SarifReporter(Optional.empty()), TestReports.passing());
    check("multi-platform.sarif", new SarifReporter(Optional.empty()), TestReports.multiPlatform());
    check(
        "failing-dockerfile.sarif",
        new SarifReporter(Optional.of(dockerfile())),
        TestReports.failing());
  }

  @Test
  void junit() throws IOException {
    check("failing.xml", new JunitReporter(), TestReports.failing());
    check("passing.xml", new JunitReporter(), TestReports.passing());
  }

  @Test
  void github() throws IOException {
    check("failing.github.txt", new GithubReporter(Optional.empty()), TestReports.failing());
    check(
        "failing-dockerfile.github.txt",
        new GithubReporter(Optional.of(dockerfile())),
        TestReports.failing());
    check("passing.github.txt", new GithubReporter(Optional.empty()), TestReports.passing());
  }

  @Test
  void markdown() throws IOException {
    check("failing.md", new MarkdownReporter(), TestReports.failing());
    check("passing.md", new MarkdownReporter(), TestReports.passing());
    check("multi-platform.md", new MarkdownReporter(), TestReports.multiPlatform());
  }
}
