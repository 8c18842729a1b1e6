package dev.runnerlint.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import dev.runnerlint.findings.RuleResult;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Optional;

/**
 * Machine-readable output, documented in {@code docs/json-output.md}: every image platform with its
 * findings (suppressed ones included, marked) and rule statuses, a summary and the exit code.
 */
public final class JsonReporter implements Reporter {
  /** The version of the JSON layout; bumped on incompatible changes. */
  public static final int FORMAT_VERSION = 1;

  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  @Override
  public String format() {
    return "json";
  }

  @Override
  public void write(Report report, Writer out) throws IOException {
    MAPPER.writeValue(out, toJson(report));
    out.write('\n');
  }

  /** The report as a JSON tree. */
  public static ObjectNode toJson(Report report) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("version", FORMAT_VERSION);
    root.put("toolVersion", report.toolVersion());
    root.put("started", report.started().toString());
    root.put("failOn", report.failOn().map(Level::id).orElse("never"));
    if (report.deployment().isPresent()) {
      ObjectNode d = root.putObject("deployment");
      d.put("mode", report.deployment().get().mode());
      putOptional(d, "values", report.deployment().get().valuesFile());
    }
    ArrayNode images = root.putArray("images");
    for (ImageResult image : report.images()) {
      ObjectNode i = images.addObject();
      i.put("reference", image.reference());
      i.put("repository", image.repository());
      putOptional(i, "digest", image.digest());
      i.put("platform", image.platform());
      putOptional(i, "error", image.error());
      i.put("durationMs", image.nanos() / 1_000_000);
      ArrayNode findings = i.putArray("findings");
      for (Finding finding : image.findings()) {
        findings.add(finding(finding));
      }
      ArrayNode rules = i.putArray("rules");
      for (RuleResult rule : image.rules()) {
        ObjectNode r = rules.addObject();
        r.put("id", rule.ruleId());
        r.put("status", rule.status().name().toLowerCase(Locale.ROOT));
        putOptional(r, "reason", rule.skipReason());
      }
    }
    Summary s = Summary.of(report);
    ObjectNode summary = root.putObject("summary");
    summary.put("images", s.images());
    summary.put("platforms", s.platforms());
    summary.put("unreadable", s.unreadable());
    summary.put("errors", s.errors());
    summary.put("warnings", s.warnings());
    summary.put("notes", s.notes());
    summary.put("suppressed", s.suppressed());
    root.put("exitCode", report.exitCode());
    return root;
  }

  private static ObjectNode finding(Finding finding) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("ruleId", finding.ruleId());
    n.put("level", finding.level().id());
    n.put("message", finding.message());
    n.put("fix", finding.fix());
    ObjectNode subject = n.putObject("subject");
    switch (finding.subject().kind()) {
      case FILE -> {
        subject.put("kind", "file");
        subject.put("path", finding.subject().value());
      }
      case CONFIG -> {
        subject.put("kind", "config");
        subject.put("key", finding.subject().value());
      }
    }
    if (finding.layer().isPresent()) {
      Finding.LayerRef layer = finding.layer().get();
      ObjectNode l = n.putObject("layer");
      l.put("index", layer.index());
      l.put("digest", layer.digest());
      putOptional(l, "createdBy", layer.createdBy());
    } else {
      n.putNull("layer");
    }
    if (finding.location().isPresent()) {
      ObjectNode loc = n.putObject("location");
      loc.put("path", finding.location().get().path());
      loc.put("line", finding.location().get().line());
    }
    n.put("suppressed", finding.suppressed());
    if (finding.suppression().isPresent()) {
      Finding.Suppression s = finding.suppression().get();
      ObjectNode sup = n.putObject("suppression");
      sup.put("reason", s.reason());
      putOptional(sup, "expires", s.expires().map(Object::toString));
    } else {
      n.putNull("suppression");
    }
    return n;
  }

  private static void putOptional(ObjectNode node, String field, Optional<String> value) {
    if (value.isPresent()) {
      node.put(field, value.get());
    } else {
      node.putNull(field);
    }
  }
}
