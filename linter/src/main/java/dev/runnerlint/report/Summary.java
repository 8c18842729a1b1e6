package dev.runnerlint.report;

import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Report;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The counts every reporter's summary shows, computed from a {@link Report}: unsuppressed findings
 * per level, suppressed findings, images (distinct references) and image platforms.
 */
public record Summary(
    int images,
    int platforms,
    int unreadable,
    int errors,
    int warnings,
    int notes,
    int suppressed) {

  /**
   * Counts {@code report}'s findings; an unreadable image counts as an image but not a platform.
   */
  public static Summary of(Report report) {
    Set<String> references = new LinkedHashSet<>();
    int platforms = 0;
    int unreadable = 0;
    int errors = 0;
    int warnings = 0;
    int notes = 0;
    int suppressed = 0;
    for (ImageResult image : report.images()) {
      references.add(image.reference());
      if (image.error().isPresent()) {
        unreadable++;
      } else {
        platforms++;
      }
      for (Finding f : image.findings()) {
        if (f.suppressed()) {
          suppressed++;
          continue;
        }
        switch (f.level()) {
          case ERROR -> errors++;
          case WARNING -> warnings++;
          case NOTE -> notes++;
        }
      }
    }
    return new Summary(
        references.size(), platforms, unreadable, errors, warnings, notes, suppressed);
  }

  /**
   * One line, e.g. {@code 2 images, 3 errors, 1 warning, 0 notes (1 suppressed)}; platforms are
   * counted when an image has several, unreadable images when there are any.
   */
  public String line() {
    StringBuilder sb = new StringBuilder();
    sb.append(count(images, "image"));
    int readable = images - unreadable;
    if (platforms > readable || unreadable > 0) {
      sb.append(" (");
      if (platforms > readable) {
        sb.append(count(platforms, "platform"));
      }
      if (unreadable > 0) {
        sb.append(platforms > readable ? ", " : "").append(unreadable).append(" unreadable");
      }
      sb.append(')');
    }
    sb.append(", ").append(count(errors, "error"));
    sb.append(", ").append(count(warnings, "warning"));
    sb.append(", ").append(count(notes, "note"));
    sb.append(" (").append(suppressed).append(" suppressed)");
    return sb.toString();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
