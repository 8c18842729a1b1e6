package dev.runnerlint.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnerlint.dockerfile.DockerfileLocation;
import dev.runnerlint.dockerfile.DockerfileLocator;
import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import dev.runnerlint.findings.RuleInfo;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SARIF 2.1.0 for GitHub code scanning: one run per image platform, the full rule catalog in each
 * run's driver, a location for every result (the Dockerfile line when a {@link DockerfileLocator}
 * is given, else a relative path naming the repository and the in-image path), fingerprints that
 * stay the same across tags, and suppressed findings kept with their justification.
 *
 * <p>GitHub's limits are enforced, not silently truncated: more than {@value #MAX_RUNS} image
 * platforms or more than {@value #MAX_RESULTS_PER_RUN} results in one run throw {@link
 * SarifLimitException}. Two runs never share a category ({@code automationDetails.id}): see {@link
 * #categories}.
 */
public final class SarifReporter implements Reporter {
  /** GitHub code scanning accepts at most this many runs per file. */
  public static final int MAX_RUNS = 20;

  /** GitHub code scanning accepts at most this many results per run. */
  public static final int MAX_RESULTS_PER_RUN = 25_000;

  public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  public static final String INFORMATION_URI = "https://github.com/runnerlint/runnerlint";

  private static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

  /** The default {@code --sarif-category}: the same for every tag of one image platform. */
  public static final String DEFAULT_CATEGORY = "runnerlint/{repository}/{platform}/";

  private final Optional<DockerfileLocator> dockerfile;
  private final String categoryTemplate;

  public SarifReporter(Optional<DockerfileLocator> dockerfile) {
    this(dockerfile, DEFAULT_CATEGORY);
  }

  /**
   * @param categoryTemplate {@code automationDetails.id} of each run, with {@code {repository}},
   *     {@code {platform}} and {@code {reference}} replaced
   */
  public SarifReporter(Optional<DockerfileLocator> dockerfile, String categoryTemplate) {
    this.dockerfile = dockerfile;
    this.categoryTemplate = categoryTemplate;
  }

  /**
   * The category of each image platform, in report order: the template's, made distinct where two
   * would collide (GitHub code scanning rejects two runs with one tool and category) by adding the
   * reference as named (its tag, or the layout's path) and, if still equal, a counter.
   */
  public static List<String> categories(List<ImageResult> images, String template) {
    List<String> plain = images.stream().map(i -> expand(template, i)).toList();
    Map<String, Integer> counts = new HashMap<>();
    plain.forEach(c -> counts.merge(c, 1, Integer::sum));
    List<String> result = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (int i = 0; i < images.size(); i++) {
      String c = plain.get(i);
      if (counts.get(c) > 1) {
        c = c + qualifier(images.get(i)) + "/";
      }
      String unique = c;
      for (int n = 2; !used.add(unique); n++) {
        unique = c + n + "/";
      }
      result.add(unique);
    }
    return result;
  }

  /**
   * One line per category that {@link #categories} had to change, for the CLI to print: which
   * images would have collided and what they got instead.
   */
  public static List<String> categoryNotes(List<ImageResult> images, String template) {
    List<String> categories = categories(images, template);
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      String plain = expand(template, images.get(i));
      if (!plain.equals(categories.get(i))) {
        notes.add(
            "SARIF category '"
                + plain
                + "' is shared by several images; "
                + images.get(i).reference()
                + " ("
                + images.get(i).platform()
                + ") gets '"
                + categories.get(i)
                + "'");
      }
    }
    return notes;
  }

  /** What tells an image apart from others of its repository: its tag or digest, else the name. */
  private static String qualifier(ImageResult image) {
    String ref = image.reference();
    String repo = image.repository();
    if (ref.startsWith(repo) && ref.length() > repo.length() + 1) {
      return ref.substring(repo.length() + 1);
    }
    return ref;
  }

  private static String expand(String template, ImageResult image) {
    return template
        .replace("{repository}", image.repository())
        .replace("{platform}", image.platform())
        .replace("{reference}", image.reference());
  }

  /** Thrown when a report cannot be written as one SARIF file GitHub accepts. */
  public static final class SarifLimitException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SarifLimitException(String message) {
      super(message);
    }
  }

  @Override
  public String format() {
    return "sarif";
  }

  @Override
  public void write(Report report, Writer out) throws IOException {
    JsonReporter.MAPPER.writeValue(out, toSarif(report));
    out.write('\n');
  }

  /** The report as a SARIF log. */
  public ObjectNode toSarif(Report report) {
    if (report.images().size() > MAX_RUNS) {
      throw new SarifLimitException(
          "SARIF: "
              + report.images().size()
              + " image platforms would make "
              + report.images().size()
              + " runs, but GitHub code scanning accepts at most "
              + MAX_RUNS
              + " runs per file; write one SARIF file per image (one runnerlint lint per image,"
              + " or --platform to pick fewer platforms)");
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode log = f.objectNode();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    ArrayNode runs = log.putArray("runs");
    List<String> categories = categories(report.images(), categoryTemplate);
    for (int i = 0; i < report.images().size(); i++) {
      runs.add(run(report, report.images().get(i), categories.get(i)));
    }
    return log;
  }

  private ObjectNode run(Report report, ImageResult image, String category) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode run = f.objectNode();
    run.set("tool", tool(report));
    run.putObject("automationDetails").put("id", category);
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", image.error().isEmpty());
    invocation.put("exitCode", report.exitCode());
    if (image.error().isPresent()) {
      ObjectNode n = invocation.putArray("toolExecutionNotifications").addObject();
      n.put("level", "error");
      n.putObject("message")
          .put("text", "could not read image " + image.reference() + ": " + image.error().get());
    }
    ArrayNode results = run.putArray("results");
    List<Finding> findings = image.findings();
    if (findings.size() > MAX_RESULTS_PER_RUN) {
      throw new SarifLimitException(
          "SARIF: "
              + image.reference()
              + " ("
              + image.platform()
              + ") has "
              + findings.size()
              + " findings, but GitHub code scanning accepts at most "
              + MAX_RESULTS_PER_RUN
              + " results per run; use --format json for the full list");
    }
    for (Finding finding : findings) {
      results.add(result(report, image, finding));
    }
    ObjectNode props = run.putObject("properties");
    props.put("imageReference", image.reference());
    props.put("repository", image.repository());
    image.digest().ifPresent(d -> props.put("manifestDigest", d));
    props.put("platform", image.platform());
    report
        .deployment()
        .ifPresent(
            d -> {
              props.put("containerMode", d.mode());
              d.valuesFile().ifPresent(v -> props.put("valuesFile", v));
            });
    return run;
  }

  private static ObjectNode tool(Report report) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode tool = f.objectNode();
    ObjectNode driver = tool.putObject("driver");
    driver.put("name", "runnerlint");
    driver.put("version", report.toolVersion());
    if (SEMVER.matcher(report.toolVersion()).matches()) {
      driver.put("semanticVersion", report.toolVersion());
    }
    driver.put("informationUri", INFORMATION_URI);
    ArrayNode rules = driver.putArray("rules");
    for (RuleInfo rule : report.catalog()) {
      ObjectNode r = rules.addObject();
      r.put("id", rule.id());
      r.put("name", rule.name());
      r.putObject("shortDescription").put("text", rule.summary());
      r.putObject("fullDescription").put("text", rule.description());
      ObjectNode help = r.putObject("help");
      help.put("text", rule.help());
      help.put("markdown", rule.help());
      if (rule.helpUri() != null && !rule.helpUri().isBlank()) {
        r.put("helpUri", rule.helpUri());
      }
      r.putObject("defaultConfiguration").put("level", rule.defaultLevel().id());
      ObjectNode props = r.putObject("properties");
      ArrayNode tags = props.putArray("tags");
      rule.tags().forEach(tags::add);
      props.put("precision", "very-high");
      props.put("problem.severity", problemSeverity(rule.defaultLevel()));
    }
    return tool;
  }

  private ObjectNode result(Report report, ImageResult image, Finding finding) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode result = f.objectNode();
    result.put("ruleId", finding.ruleId());
    int index = report.ruleIndex(finding.ruleId());
    if (index >= 0) {
      result.put("ruleIndex", index);
    }
    result.put("level", finding.level().id());
    result.putObject("message").put("text", finding.message() + "\n\nFix: " + finding.fix());
    ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
    Optional<DockerfileLocation> line = dockerfile.flatMap(d -> d.locate(image, finding));
    if (finding.location().isPresent()) {
      physical
          .putObject("artifactLocation")
          .put("uri", encodePath(finding.location().get().path()));
      physical.putObject("region").put("startLine", finding.location().get().line());
    } else if (line.isPresent()) {
      physical.putObject("artifactLocation").put("uri", encodePath(line.get().path()));
      physical.putObject("region").put("startLine", line.get().line());
    } else {
      physical.putObject("artifactLocation").put("uri", imageUri(image, finding.subject()));
      physical.putObject("region").put("startLine", 1);
    }
    result
        .putObject("partialFingerprints")
        .put("primaryLocationLineHash", fingerprint(image, finding));
    if (finding.suppression().isPresent()) {
      ObjectNode s = result.putArray("suppressions").addObject();
      s.put("kind", "external");
      s.put("justification", finding.suppression().get().reason());
    }
    ObjectNode props = result.putObject("properties");
    props.put(
        "subjectKind", finding.subject().kind() == Finding.Subject.Kind.FILE ? "file" : "config");
    props.put("subject", finding.subject().value());
    props.put("fix", finding.fix());
    finding.layer().ifPresent(l -> props.put("layerDigest", l.digest()));
    return result;
  }

  /** {@code runnerlint/<repository>/<platform>/}: the same for every tag of one image platform. */
  static String automationId(ImageResult image) {
    return expand(DEFAULT_CATEGORY, image);
  }

  /**
   * A stable fingerprint of one problem: hex SHA-256 over rule ID, repository, platform and the
   * in-image path or config key, so alerts survive new tags and rebuilds of the same problem.
   */
  static String fingerprint(ImageResult image, Finding finding) {
    String key =
        String.join(
            "\u0000",
            finding.ruleId(),
            image.repository(),
            image.platform(),
            finding.subject().kind().name(),
            finding.subject().value());
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash) + ":1";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * A relative, colon-free URI for a finding without a Dockerfile line: the repository (a registry
   * port's {@code :} becomes {@code _}) then the in-image path, or {@code .image-config/<key>} for
   * config findings.
   */
  static String imageUri(ImageResult image, Finding.Subject subject) {
    List<String> segments = new ArrayList<>();
    for (String s : image.repository().replace(':', '_').split("/")) {
      addSegment(segments, s);
    }
    if (subject.kind() == Finding.Subject.Kind.FILE) {
      for (String s : subject.value().split("/")) {
        addSegment(segments, s);
      }
    } else {
      segments.add(".image-config");
      addSegment(segments, subject.value());
    }
    return encodeSegments(segments);
  }

  private static void addSegment(List<String> segments, String s) {
    if (s.isEmpty() || s.equals(".")) {
      return;
    }
    // ".." must not climb out of the repository's folder; keep it visible but harmless.
    segments.add(s.equals("..") ? "_.." : s);
  }

  /** Percent-encodes each segment of a relative path so it is a valid relative URI. */
  static String encodePath(String path) {
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      addSegment(segments, s);
    }
    return encodeSegments(segments);
  }

  private static String encodeSegments(List<String> segments) {
    StringBuilder sb = new StringBuilder();
    for (String s : segments) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(encodeSegment(s));
    }
    String uri = sb.toString();
    try {
      new URI(uri); // a guard: every character outside RFC 3986's unreserved set was encoded
    } catch (URISyntaxException e) {
      throw new IllegalStateException("not a valid relative URI: " + uri, e);
    }
    return uri;
  }

  /** RFC 3986 unreserved characters stay; everything else (':' included) is percent-encoded. */
  private static String encodeSegment(String segment) {
    StringBuilder sb = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (unreserved) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
      }
    }
    return sb.toString();
  }

  private static String problemSeverity(Level level) {
    return switch (level) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case NOTE -> "recommendation";
    };
  }
}
