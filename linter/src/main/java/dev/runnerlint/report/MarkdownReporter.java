package dev.runnerlint.report;

import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Report;
import dev.runnerlint.findings.RuleInfo;
import java.io.IOException;
import java.io.Writer;

/**
 * A Markdown summary for {@code $GITHUB_STEP_SUMMARY} and merge-request comments: the summary line,
 * then one table per image platform (rule, level, message, fix), suppressed findings struck through
 * with their reason. Cell text is escaped so a pipe, a newline or HTML in a message cannot break
 * the table.
 */
public final class MarkdownReporter implements Reporter {
  @Override
  public String format() {
    return "markdown";
  }

  @Override
  public void write(Report report, Writer out) throws IOException {
    StringBuilder md = new StringBuilder("## runnerlint\n\n");
    md.append("**").append(cell(Summary.of(report).line())).append("**\n");
    report
        .deployment()
        .ifPresent(
            d -> {
              md.append("\nContainer mode: ").append(cell(d.mode()));
              d.valuesFile().ifPresent(v -> md.append(" (values: ").append(cell(v)).append(')'));
              md.append('\n');
            });
    for (ImageResult image : report.images()) {
      md.append("\n### ");
      if (image.error().isPresent()) {
        md.append(":x: ").append(cell(image.reference())).append("\n\n");
        md.append("Could not read the image: ").append(cell(image.error().get())).append('\n');
        continue;
      }
      boolean failing = !image.unsuppressedFindings().isEmpty();
      md.append(failing ? ":x: " : ":white_check_mark: ");
      md.append(cell(image.reference()))
          .append(" (")
          .append(cell(image.platform()))
          .append(")\n\n");
      image.digest().ifPresent(d -> md.append("Digest: ").append(cell(d)).append("\n\n"));
      if (image.findings().isEmpty()) {
        md.append("No findings. Rules: ").append(TextReporter.statusCounts(image)).append(".\n");
        continue;
      }
      md.append("| Rule | Level | Message | Fix |\n");
      md.append("| --- | --- | --- | --- |\n");
      for (Finding f : image.findings()) {
        String rule = f.ruleId() + report.rule(f.ruleId()).map(r -> " " + r.name()).orElse("");
        String ruleCell =
            report
                .rule(f.ruleId())
                .map(RuleInfo::helpUri)
                .filter(u -> u != null && !u.isBlank())
                .map(u -> "[" + cell(rule) + "](" + u.replace(")", "%29").replace(" ", "%20") + ")")
                .orElse(cell(rule));
        String level = f.level().id();
        String message = cell(f.message());
        if (f.location().isPresent()) {
          message = message + " (" + cell(f.location().get().toString()) + ")";
        }
        if (f.suppressed()) {
          ruleCell = "~~" + ruleCell + "~~";
          level = level + " (suppressed: " + cell(f.suppression().get().reason()) + ")";
          message = "~~" + message + "~~";
        }
        md.append("| ").append(ruleCell);
        md.append(" | ").append(level);
        md.append(" | ").append(message);
        md.append(" | ").append(cell(f.fix()));
        md.append(" |\n");
      }
      md.append("\nRules: ").append(TextReporter.statusCounts(image)).append(".\n");
    }
    out.write(md.toString());
  }

  /**
   * Text for a table cell: HTML-escaped (GitHub renders inline HTML), pipes and Markdown
   * punctuation backslash-escaped, newlines turned into {@code <br>}.
   */
  static String cell(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '|', '\\', '`', '*', '_', '[', ']', '~' -> sb.append('\\').append(c);
        case '\n' -> sb.append("<br>");
        case '\r' -> {}
        default -> sb.append(Character.isISOControl(c) ? ' ' : c);
      }
    }
    return sb.toString();
  }
}
