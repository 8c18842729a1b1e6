package dev.runnerlint.facts;

import dev.runnerlint.fs.Content;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.Resolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Shared reading and line splitting of colon-separated databases (passwd, group). */
final class DatabaseFiles {
  private DatabaseFiles() {}

  /** What was read of a file from the tree. */
  record Read(boolean present, Optional<FileEntry> entry, String text, List<ParseProblem> problems) {}

  static Read read(FileTree tree, String path) {
    Resolution r = tree.resolve(path);
    List<ParseProblem> problems = new ArrayList<>();
    if (!r.found()) {
      return new Read(false, Optional.empty(), "", problems);
    }
    FileEntry entry = r.entry().orElseThrow();
    if (!entry.isRegular()) {
      problems.add(new ParseProblem(path, 0, "not a regular file (" + entry.type() + ")"));
      return new Read(true, Optional.of(entry), "", problems);
    }
    Optional<Content> content = tree.content(entry);
    if (content.isEmpty()) {
      problems.add(new ParseProblem(path, 0, "content was not captured while reading the image"));
      return new Read(true, Optional.of(entry), "", problems);
    }
    if (content.get().truncated()) {
      problems.add(new ParseProblem(path, 0, "content was captured only in part"));
    }
    return new Read(true, Optional.of(entry), content.get().text(), problems);
  }

  /** Splits text into lines (LF, with a trailing CR removed), keeping empty lines. */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int nl = text.indexOf('\n', start);
      String line = nl < 0 ? text.substring(start) : text.substring(start, nl);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (nl < 0) {
        if (!line.isEmpty()) {
          out.add(line);
        }
        break;
      }
      out.add(line);
      start = nl + 1;
    }
    return out;
  }

  /** Parses a non-negative decimal id as the C library does for passwd/group, or -1. */
  static long parseId(String s) {
    if (s.isEmpty() || s.length() > 10) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return -1;
      }
    }
    long v = Long.parseLong(s);
    return v > 0xFFFFFFFFL ? -1 : v;
  }
}
