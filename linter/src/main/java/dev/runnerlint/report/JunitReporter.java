package dev.runnerlint.report;

import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import dev.runnerlint.findings.RuleInfo;
import dev.runnerlint.findings.RuleResult;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI test-report tools: one {@code <testsuite>} per image platform, one {@code
 * <testcase>} per rule ({@code classname} = {@code runnerlint.<pack>}, {@code name} = {@code ID
 * short-name}); violated rules fail with the level as the failure type, rules not evaluated or
 * suppressed are skipped, and an unreadable image is a suite with one erroring testcase. Counts
 * always equal the testcases. Validates against Jenkins' {@code junit-10.xsd}, which is why {@code
 * <testsuites>} carries no {@code skipped} attribute (the schema does not allow one).
 */
public final class JunitReporter implements Reporter {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Override
  public String format() {
    return "junit";
  }

  @Override
  public void write(Report report, Writer out) throws IOException {
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      int tests = 0;
      int failures = 0;
      int errors = 0;
      long nanos = 0;
      for (ImageResult image : report.images()) {
        Counts c = Counts.of(report, image);
        tests += c.tests();
        failures += c.failures();
        errors += c.errors();
        nanos += image.nanos();
      }
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "runnerlint");
      xml.writeAttribute("tests", Integer.toString(tests));
      xml.writeAttribute("failures", Integer.toString(failures));
      xml.writeAttribute("errors", Integer.toString(errors));
      xml.writeAttribute("time", seconds(nanos));
      for (ImageResult image : report.images()) {
        writeSuite(report, image, xml);
      }
      newline(xml, 0);
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
    } catch (XMLStreamException e) {
      throw new IOException("could not write JUnit XML: " + e.getMessage(), e);
    }
  }

  private record Counts(int tests, int failures, int errors, int skipped) {
    static Counts of(Report report, ImageResult image) {
      if (image.error().isPresent()) {
        return new Counts(1, 0, 1, 0);
      }
      int failures = 0;
      int skipped = 0;
      for (RuleResult r : image.rules()) {
        switch (r.status()) {
          case FAILED -> failures += failsTheRun(report, r) ? 1 : 0;
          case SKIPPED, DISABLED, SUPPRESSED -> skipped++;
          case PASSED -> {}
        }
      }
      return new Counts(image.rules().size(), failures, 0, skipped);
    }
  }

  private static void writeSuite(Report report, ImageResult image, XMLStreamWriter xml)
      throws XMLStreamException {
    Counts c = Counts.of(report, image);
    newline(xml, 1);
    xml.writeStartElement("testsuite");
    attribute(xml, "name", suiteName(image));
    xml.writeAttribute("tests", Integer.toString(c.tests()));
    xml.writeAttribute("failures", Integer.toString(c.failures()));
    xml.writeAttribute("errors", Integer.toString(c.errors()));
    xml.writeAttribute("skipped", Integer.toString(c.skipped()));
    xml.writeAttribute("time", seconds(image.nanos()));
    xml.writeAttribute("timestamp", TIMESTAMP.format(report.started()));
    newline(xml, 2);
    xml.writeStartElement("properties");
    property(xml, "image.reference", image.reference());
    property(xml, "image.repository", image.repository());
    property(xml, "image.digest", image.digest().orElse(""));
    property(xml, "image.platform", image.platform());
    newline(xml, 2);
    xml.writeEndElement();
    if (image.error().isPresent()) {
      newline(xml, 2);
      xml.writeStartElement("testcase");
      attribute(xml, "classname", "runnerlint.image");
      attribute(xml, "name", "read image");
      xml.writeAttribute("time", seconds(image.nanos()));
      newline(xml, 3);
      xml.writeStartElement("error");
      attribute(
          xml,
          "type",
          image.error().get().startsWith("invalid reference")
              ? "invalid reference"
              : "unreadable image");
      attribute(xml, "message", "could not read image: " + image.error().get());
      text(xml, image.reference() + ": " + image.error().get());
      xml.writeEndElement();
      newline(xml, 2);
      xml.writeEndElement();
    } else {
      Set<String> seen = new HashSet<>();
      for (RuleResult rule : image.rules()) {
        writeCase(report, rule, seen, xml);
      }
    }
    newline(xml, 1);
    xml.writeEndElement();
  }

  private static void writeCase(
      Report report, RuleResult rule, Set<String> seen, XMLStreamWriter xml)
      throws XMLStreamException {
    String classname =
        "runnerlint." + report.rule(rule.ruleId()).map(RuleInfo::pack).orElse("rules");
    String baseName =
        rule.ruleId() + report.rule(rule.ruleId()).map(r -> " " + r.name()).orElse("");
    String name = baseName;
    for (int n = 2; !seen.add(classname + "\u0000" + name); n++) {
      name = baseName + " (" + n + ")"; // a pack that repeats an ID must not merge testcases
    }
    newline(xml, 2);
    xml.writeStartElement("testcase");
    attribute(xml, "classname", classname);
    attribute(xml, "name", name);
    xml.writeAttribute("time", seconds(rule.nanos()));
    switch (rule.status()) {
      case PASSED -> {}
      case FAILED -> {
        if (!failsTheRun(report, rule)) {
          // Below --fail-on: the run passes, so the test does too; the findings are kept.
          newline(xml, 3);
          xml.writeStartElement("system-out");
          text(
              xml,
              "below --fail-on "
                  + report.failOn().map(Level::id).orElse("never")
                  + ":"
                  + details(rule.findings()));
          xml.writeEndElement();
          break;
        }
        List<Finding> active = rule.findings().stream().filter(f -> !f.suppressed()).toList();
        List<Finding> shown = active.isEmpty() ? rule.findings() : active;
        Level worst = shown.stream().map(Finding::level).min(Enum::compareTo).orElse(Level.ERROR);
        String message =
            shown.isEmpty()
                ? rule.ruleId() + " failed"
                : shown.get(0).message()
                    + (shown.size() > 1 ? " (and " + (shown.size() - 1) + " more)" : "");
        newline(xml, 3);
        xml.writeStartElement("failure");
        attribute(xml, "type", worst.id());
        attribute(xml, "message", message);
        text(xml, details(rule.findings()));
        xml.writeEndElement();
      }
      case SKIPPED, DISABLED, SUPPRESSED -> {
        newline(xml, 3);
        xml.writeEmptyElement("skipped");
        attribute(xml, "message", skipMessage(rule));
      }
    }
    if (rule.status() != RuleResult.Status.PASSED) {
      newline(xml, 2);
    }
    xml.writeEndElement();
  }

  /** True when one of the rule's unsuppressed findings is at or above the run's --fail-on. */
  private static boolean failsTheRun(Report report, RuleResult rule) {
    return report.failOn().isPresent()
        && rule.findings().stream()
            .anyMatch(f -> !f.suppressed() && f.level().atLeast(report.failOn().get()));
  }

  private static String details(List<Finding> findings) {
    StringBuilder sb = new StringBuilder();
    for (Finding f : findings) {
      sb.append('\n');
      sb.append(f.level().id()).append(": ").append(f.message()).append('\n');
      sb.append("  subject: ")
          .append(f.subject().kind() == Finding.Subject.Kind.FILE ? "file " : "config ")
          .append(f.subject().value())
          .append('\n');
      f.layer()
          .ifPresent(
              l ->
                  sb.append("  layer: ")
                      .append(l.index())
                      .append(' ')
                      .append(l.digest())
                      .append('\n'));
      sb.append("  fix: ").append(f.fix()).append('\n');
      f.suppression().ifPresent(s -> sb.append("  suppressed: ").append(s.reason()).append('\n'));
    }
    return sb.toString();
  }

  private static String skipMessage(RuleResult rule) {
    String status = rule.status().name().toLowerCase(Locale.ROOT);
    if (rule.skipReason().isPresent()) {
      return status + ": " + rule.skipReason().get();
    }
    if (rule.status() == RuleResult.Status.SUPPRESSED) {
      return rule.findings().stream()
          .flatMap(f -> f.suppression().stream())
          .map(s -> "suppressed: " + s.reason())
          .findFirst()
          .orElse(status);
    }
    return status;
  }

  private static String suiteName(ImageResult image) {
    return image.reference() + " [" + image.platform() + "]";
  }

  private static void property(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    newline(xml, 3);
    xml.writeEmptyElement("property");
    attribute(xml, "name", name);
    attribute(xml, "value", value);
  }

  private static void attribute(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeAttribute(name, xmlSafe(value, true));
  }

  private static void text(XMLStreamWriter xml, String value) throws XMLStreamException {
    xml.writeCharacters(xmlSafe(value, false));
  }

  private static void newline(XMLStreamWriter xml, int depth) throws XMLStreamException {
    xml.writeCharacters("\n" + "  ".repeat(depth));
  }

  /** Seconds with three decimals and a '.', whatever the default locale. */
  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
  }

  /**
   * Replaces what XML 1.0 cannot carry (control characters other than tab, newline and carriage
   * return; lone surrogates; U+FFFE/U+FFFF) with U+FFFD. In attributes, newlines and tabs become
   * spaces, since a parser would normalise them anyway. {@code ]]>} needs nothing: the writer
   * escapes {@code >}.
   */
  static String xmlSafe(String s, boolean attribute) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(i + 1));
        i++;
      } else if (c == '\t' || c == '\n' || c == '\r') {
        sb.append(attribute ? ' ' : c);
      } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
        sb.append('\uFFFD');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
