package dev.runnerlint.report;

import dev.runnerlint.findings.DeploymentInfo;
import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import dev.runnerlint.findings.RuleResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;

/**
 * Human-readable output: findings grouped per image and platform, each with ID, level, message and
 * a one-line fix; suppressed findings marked (and dimmed) with their reason; a summary line. ANSI
 * colour only when constructed with {@code colour} (the CLI decides: a terminal and no {@code
 * NO_COLOR}).
 */
public final class TextReporter implements Reporter {
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String DIM = "\u001b[2m";
  private static final String RED = "\u001b[31m";
  private static final String YELLOW = "\u001b[33m";
  private static final String CYAN = "\u001b[36m";
  private static final String GREEN = "\u001b[32m";

  /** How much the text shows. */
  public enum Verbosity {
    /** Only findings and unreadable images: no passing images, rule counts or summary. */
    QUIET,
    /** Findings, rule counts per image, the summary. */
    NORMAL,
    /** Also every passed, skipped, disabled and suppressed rule, with the reason. */
    VERBOSE
  }

  private final boolean colour;
  private final Verbosity verbosity;

  public TextReporter(boolean colour) {
    this(colour, Verbosity.NORMAL);
  }

  public TextReporter(boolean colour, Verbosity verbosity) {
    this.colour = colour;
    this.verbosity = verbosity;
  }

  @Override
  public String format() {
    return "text";
  }

  @Override
  public void write(Report report, Writer out) throws IOException {
    if (report.deployment().isPresent()) {
      DeploymentInfo d = report.deployment().get();
      StringBuilder line = new StringBuilder("container mode: ").append(d.mode());
      d.valuesFile().ifPresent(v -> line.append(" (values: ").append(v).append(')'));
      out.write(paint(BOLD, clean(line.toString())));
      out.write("\n\n");
    }
    for (ImageResult image : report.images()) {
      if (verbosity == Verbosity.QUIET) {
        writeQuiet(report, image, out);
        continue;
      }
      writeImage(report, image, out);
      out.write('\n');
    }
    if (verbosity == Verbosity.QUIET) {
      return;
    }
    out.write(paint(BOLD, Summary.of(report).line()));
    out.write('\n');
  }

  private void writeImage(Report report, ImageResult image, Writer out) throws IOException {
    StringBuilder header = new StringBuilder(image.reference());
    if (image.error().isEmpty()) {
      header.append(" (").append(image.platform());
      image.digest().ifPresent(d -> header.append(", ").append(d));
      header.append(')');
    }
    out.write(paint(BOLD, clean(header.toString())));
    out.write('\n');
    if (image.error().isPresent()) {
      out.write("  " + paint(RED, "error: could not read image: " + clean(image.error().get())));
      out.write('\n');
      return;
    }
    if (image.findings().isEmpty()) {
      out.write("  " + paint(GREEN, "no findings"));
      out.write('\n');
    }
    for (Finding f : image.findings()) {
      writeFinding(report, f, out);
    }
    if (verbosity == Verbosity.VERBOSE) {
      for (RuleResult rule : image.rules()) {
        if (rule.status() != RuleResult.Status.FAILED) {
          String status = rule.status().name().toLowerCase(Locale.ROOT);
          out.write(
              "  "
                  + paint(
                      DIM,
                      clean(
                          status
                              + " "
                              + rule.ruleId()
                              + rule.skipReason().map(r -> ": " + r).orElse(""))));
          out.write('\n');
        }
      }
    }
    out.write("  rules: " + statusCounts(image));
    out.write('\n');
  }

  /** Only what needs attention: an unreadable image, or an image with unsuppressed findings. */
  private void writeQuiet(Report report, ImageResult image, Writer out) throws IOException {
    if (image.error().isPresent()) {
      out.write(clean(image.reference() + ": error: could not read image: " + image.error().get()));
      out.write('\n');
      return;
    }
    for (Finding f : image.unsuppressedFindings()) {
      out.write(clean(image.reference() + " (" + image.platform() + "):"));
      out.write(' ');
      String line = marker(f.level()) + " " + f.ruleId() + " " + f.level().id() + " " + f.message();
      out.write(clean(line));
      out.write('\n');
    }
  }

  /** E.g. {@code 10 passed, 2 failed, 1 skipped}: each status that occurs, in a fixed order. */
  static String statusCounts(ImageResult image) {
    EnumMap<RuleResult.Status, Integer> counts = new EnumMap<>(RuleResult.Status.class);
    for (RuleResult rule : image.rules()) {
      counts.merge(rule.status(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((status, n) -> parts.add(n + " " + status.name().toLowerCase(Locale.ROOT)));
    return parts.isEmpty() ? "none evaluated" : String.join(", ", parts);
  }

  private void writeFinding(Report report, Finding f, Writer out) throws IOException {
    String name = report.rule(f.ruleId()).map(r -> " " + r.name()).orElse("");
    if (f.suppressed()) {
      Finding.Suppression s = f.suppression().get();
      StringBuilder line = new StringBuilder("  ~ ");
      line.append(f.ruleId()).append(' ').append(f.level().id()).append(' ');
      line.append("(suppressed");
      s.expires().ifPresent(d -> line.append(" until ").append(d));
      line.append(": ").append(s.reason()).append(") ").append(f.message());
      out.write(paint(DIM, clean(line.toString())));
      out.write('\n');
      out.write(paint(DIM, "      fix: " + clean(f.fix())));
      out.write('\n');
      return;
    }
    String levelColour =
        switch (f.level()) {
          case ERROR -> RED;
          case WARNING -> YELLOW;
          case NOTE -> CYAN;
        };
    out.write("  ");
    out.write(paint(levelColour, marker(f.level())));
    out.write(' ');
    out.write(paint(BOLD, f.ruleId()));
    out.write(' ');
    out.write(paint(levelColour, f.level().id()));
    out.write(' ');
    out.write(clean(f.message()));
    out.write(paint(DIM, clean(name.isEmpty() ? "" : " [" + name.strip() + "]")));
    out.write('\n');
    out.write("      fix: " + clean(f.fix()));
    out.write('\n');
    if (f.location().isPresent()) {
      out.write("      at: " + clean(f.location().get().toString()));
      out.write('\n');
    }
  }

  private static String marker(Level level) {
    return switch (level) {
      case ERROR -> "x";
      case WARNING -> "!";
      case NOTE -> "i";
    };
  }

  private String paint(String code, String text) {
    return colour && !text.isEmpty() ? code + text + RESET : text;
  }

  /**
   * One line of plain text: newlines become spaces and other control characters (an image's data
   * could carry terminal escapes) are shown as {@code ?}.
   */
  static String clean(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') {
        sb.append(' ');
      } else if (Character.isISOControl(c)) {
        sb.append('?');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
