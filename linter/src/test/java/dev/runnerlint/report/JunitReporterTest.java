package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class JunitReporterTest {

  static List<Report> reports() {
    return List.of(TestReports.failing(), TestReports.passing(), TestReports.multiPlatform());
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  @ParameterizedTest
  @MethodSource("reports")
  void validatesAgainstJenkinsJunit10Xsd(Report report) throws Exception {
    Path xsd = External.sharedSchemas().resolve("junit-10.xsd");
    External.require(Files.isRegularFile(xsd), "missing " + xsd);
    String xml = Golden.render(new JunitReporter(), report);
    SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(xsd.toFile())
        .newValidator()
        .validate(new StreamSource(new StringReader(xml)));
  }

  @ParameterizedTest
  @MethodSource("reports")
  void countsEqualTheTestcasesAndNamesAreUnique(Report report) throws Exception {
    Document doc = parse(Golden.render(new JunitReporter(), report));
    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    NodeList suites = root.getElementsByTagName("testsuite");
    assertThat(suites.getLength()).isEqualTo(report.images().size());
    int tests = 0;
    int failures = 0;
    int errors = 0;
    for (int i = 0; i < suites.getLength(); i++) {
      Element suite = (Element) suites.item(i);
      NodeList cases = suite.getElementsByTagName("testcase");
      assertThat(suite.getAttribute("name")).isNotBlank();
      assertThat(suite.getAttribute("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
      assertThat(intAttr(suite, "tests")).isEqualTo(cases.getLength());
      assertThat(intAttr(suite, "failures")).isEqualTo(suite.getElementsByTagName("failure").getLength());
      assertThat(intAttr(suite, "errors")).isEqualTo(suite.getElementsByTagName("error").getLength());
      assertThat(intAttr(suite, "skipped")).isEqualTo(suite.getElementsByTagName("skipped").getLength());
      Set<String> names = new HashSet<>();
      for (int c = 0; c < cases.getLength(); c++) {
        Element tc = (Element) cases.item(c);
        assertThat(tc.getAttribute("name")).isNotBlank();
        assertThat(tc.getAttribute("classname")).startsWith("runnerlint.");
        assertThat(names.add(tc.getAttribute("classname") + "/" + tc.getAttribute("name"))).isTrue();
      }
      tests += cases.getLength();
      failures += intAttr(suite, "failures");
      errors += intAttr(suite, "errors");
      assertThat(suite.getElementsByTagName("property").getLength()).isGreaterThanOrEqualTo(3);
    }
    assertThat(intAttr(root, "tests")).isEqualTo(tests);
    assertThat(intAttr(root, "failures")).isEqualTo(failures);
    assertThat(intAttr(root, "errors")).isEqualTo(errors);
  }

  @Test
  void failuresCarryLevelDetailsAndFixSkipsCarryTheReason() throws Exception {
    Document doc = parse(Golden.render(new JunitReporter(), TestReports.failing()));
    Element arc102 = testcase(doc, "ARC102 container-user-uid");
    Element failure = (Element) arc102.getElementsByTagName("failure").item(0);
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
        (Element) testcase(doc, "ARC007 runner-binaries-executable").getElementsByTagName("failure").item(0);
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

  private static int intAttr(Element e, String name) {
    return Integer.parseInt(e.getAttribute(name));
  }
}
