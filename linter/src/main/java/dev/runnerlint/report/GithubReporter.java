package dev.runnerlint.report;

import dev.runnerlint.dockerfile.DockerfileLocation;
import dev.runnerlint.dockerfile.DockerfileLocator;
import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import java.io.IOException;
import java.io.Writer;
import java.util.Optional;

/**
 * GitHub Actions workflow commands: one {@code ::error} / {@code ::warning} / {@code ::notice}
 * annotation per unsuppressed finding (and one {@code ::error} per unreadable image), with {@code
 * file} and {@code line} when a {@link DockerfileLocator} places the finding, and the rule ID as
 * {@code title} (issue 4: {@code ::error file=…,line=…,title=ARC001::message}). Suppressed findings
 * are not annotated.
 */
public final class GithubReporter implements Reporter {
  private final Optional<DockerfileLocator> dockerfile;

  public GithubReporter(Optional<DockerfileLocator> dockerfile) {
    this.dockerfile = dockerfile;
  }

  @Override
  public String format() {
    return "github";
  }

  @Override
  public void write(Report report, Writer out) throws IOException {
    for (ImageResult image : report.images()) {
      String where = image.reference() + " (" + image.platform() + ")";
      if (image.error().isPresent()) {
        out.write(
            "::error title="
                + property("runnerlint: unreadable image")
                + "::"
                + data("could not read image " + image.reference() + ": " + image.error().get())
                + "\n");
        continue;
      }
      for (Finding f : image.unsuppressedFindings()) {
        StringBuilder line = new StringBuilder("::").append(command(f.level())).append(' ');
        Optional<DockerfileLocation> loc = dockerfile.flatMap(d -> d.locate(image, f));
        if (f.location().isPresent()) {
          line.append("file=").append(property(f.location().get().path()));
          line.append(",line=").append(f.location().get().line()).append(',');
        } else if (loc.isPresent()) {
          line.append("file=").append(property(loc.get().path()));
          line.append(",line=").append(loc.get().line()).append(',');
        }
        line.append("title=").append(property(f.ruleId()));
        line.append("::");
        line.append(data(where + ": " + f.message() + "\nFix: " + f.fix()));
        out.write(line.append('\n').toString());
      }
    }
    out.write("::notice title=runnerlint::" + data(Summary.of(report).line()) + "\n");
  }

  private static String command(Level level) {
    return switch (level) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case NOTE -> "notice";
    };
  }

  /**
   * Escapes a workflow command's message as the runner unescapes it; other control characters
   * (which an image's data could carry, e.g. terminal escapes) become {@code ?}.
   */
  static String data(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '%' -> sb.append("%25");
        case '\r' -> sb.append("%0D");
        case '\n' -> sb.append("%0A");
        default -> sb.append(Character.isISOControl(c) ? '?' : c);
      }
    }
    return sb.toString();
  }

  /** Escapes a workflow command property value ({@code :} and {@code ,} end a property). */
  static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}
