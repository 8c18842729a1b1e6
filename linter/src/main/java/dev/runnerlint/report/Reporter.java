package dev.runnerlint.report;

import dev.runnerlint.findings.Report;
import java.io.IOException;
import java.io.Writer;

/** Renders a {@link Report} in one format. A pure function of the report. */
public interface Reporter {
  /** The format name used by {@code --format} and {@code --output}. */
  String format();

  void write(Report report, Writer out) throws IOException;
}
