package dev.runnerlint.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.io.Messages;
import java.util.List;
import java.util.Locale;

/** Small text helpers for terminal output. */
final class Sizes {
  private Sizes() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** 1536 → "1.5 KiB". */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** The first line of {@code s}, cut to {@code max} characters. */
  static String oneLine(String s, int max) {
    return Messages.oneLine(s, max);
  }

  static String json(List<String> list) {
    try {
      return JSON.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
