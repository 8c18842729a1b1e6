package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.findings.Report;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReporterTest {

  static List<Report> reports() {
    return List.of(TestReports.failing(), TestReports.passing(), TestReports.multiPlatform());
  }

  private static Document parse(String xml) throws Exception {
    return ReportValidators.parseXml(xml);
  }

  @ParameterizedTest
  @MethodSource("reports")
  void validatesAgainstJenkinsJunit10Xsd(Report report) throws Exception {
    ReportValidators.validateJunitXsd(Golden.render(new JunitReporter(), report));
  }

  @ParameterizedTest
  @MethodSource("reports")
  void countsEqualTheTestcasesAndNamesAreUnique(Report report) throws Exception {
    ReportValidators.assertJunitCountsMatchTestcases(
        Golden.render(new JunitReporter(), report), report.images().size());
  }

  @Test
  void failuresCarryLevelDetailsAndFixSkipsCarryTheReason() throws Exception {
    Document doc = parse(Golden.render(new JunitReporter(), TestReports.failing()));
    Element arc102 = testcase(doc, "ARC102 container-user-uid");
    assertThat(arc102.getElementsByTagName("failure").getLength())
        .as("a warning below --fail-on error does not fail its testcase")
        .isZero();
    Element out = (Element) arc102.getElementsByTagName("system-out").item(0);
    assertThat(out.getTextContent())
        .startsWith("below --fail-on error:")
        .contains("warning: The container user is uid 0, not 1001.")
        .contains("fix: Add USER runner (uid 1001).");
    Report atWarning =
        new Report(
            TestReports.failing().toolVersion(),
            TestReports.failing().catalog(),
            TestReports.failing().images(),
            java.util.Optional.of(dev.runnerlint.findings.Level.WARNING),
            1,
            TestReports.failing().started());
    Element arc102AtWarning =
        testcase(parse(Golden.render(new JunitReporter(), atWarning)), "ARC102 container-user-uid");
    Element failure = (Element) arc102AtWarning.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("type")).isEqualTo("warning");
    assertThat(failure.getAttribute("message")).isEqualTo("The container user is uid 0, not 1001.");
    assertThat(failure.getTextContent()).contains("fix: Add USER runner (uid 1001).");
    Element arc201 = testcase(doc, "ARC201 entrypoint-replaced");
    assertThat(((Element) arc201.getElementsByTagName("skipped").item(0)).getAttribute("message"))
        .isEqualTo("suppressed: Our pod template runs /entrypoint.sh itself.");
    Element read = testcase(doc, "read image");
    assertThat(((Element) read.getElementsByTagName("error").item(0)).getAttribute("message"))
        .contains("manifest unknown");
    assertThat(testcase(doc, "ARC001 run-sh-present").getAttribute("classname"))
        .isEqualTo("runnerlint.arc-contract");
  }

  @Test
  void markupCdataEndAndControlCharactersStayWellFormed() throws Exception {
    Document doc = parse(Golden.render(new JunitReporter(), TestReports.failing()));
    Element failure =
        (Element)
            testcase(doc, "ARC007 runner-binaries-executable")
                .getElementsByTagName("failure")
                .item(0);
    assertThat(failure.getAttribute("message"))
        .contains("(mode 0644 & owner 1001:123) <see ]]> % | pipes, commas: and\uFFFD bells>.");
    assertThat(failure.getTextContent()).contains("<see ]]> %");
    assertThat(JunitReporter.xmlSafe("a\u0000b\u001bc\uD800d\uFFFFe\uD83D\uDE00", false))
        .isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uD83D\uDE00");
  }

  @Test
  void timesUseADotWhateverTheLocale() throws IOException {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      String xml = Golden.render(new JunitReporter(), TestReports.passing());
      assertThat(xml).contains("time=\"1.235\"").doesNotContain("time=\"1,");
    } finally {
      Locale.setDefault(before);
    }
  }

  private static Element testcase(Document doc, String name) {
    NodeList cases = doc.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element e = (Element) cases.item(i);
      if (e.getAttribute("name").equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no testcase " + name);
  }
}
