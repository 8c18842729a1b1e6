package dev.runnerlint.facts;

import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.layer.Content;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Shared reading and parsing of colon-separated databases (passwd, group). */
public final class DatabaseFiles {
  private DatabaseFiles() {}

  /**
   * The shape of one database's lines: how many colon-separated fields, what the first field names
   * (for messages), which fields must be numeric ids, and how a well-formed line becomes a record.
   */
  record Format<T>(
      int fields, String nameKind, int[] idFields, String idProblem, RecordMaker<T> maker) {}

  /** Builds the record of a well-formed line from its fields, its parsed ids and its number. */
  interface RecordMaker<T> {
    T make(String[] fields, long[] ids, int line);
  }

  /** The records of a database file and what was wrong with it, in file order. */
  record Records<T>(
      boolean present, Optional<FileEntry> entry, List<T> entries, List<ParseProblem> problems) {}

  /** Reads {@code path} from the tree (symlinks followed) and parses it. */
  static <T> Records<T> load(FileTree tree, String path, Format<T> format) {
    Read read = read(tree, path);
    Records<T> parsed = parse(path, read.text(), format);
    List<ParseProblem> problems = new ArrayList<>(read.problems());
    problems.addAll(parsed.problems());
    return new Records<>(read.present(), read.entry(), parsed.entries(), problems);
  }

  /**
   * Parses database text; the result is {@code present}. Comment, blank and malformed lines are
   * skipped, malformed ones reported as problems.
   */
  static <T> Records<T> parse(String path, String text, Format<T> format) {
    List<T> entries = new ArrayList<>();
    List<ParseProblem> problems = new ArrayList<>();
    List<String> lines = lines(text);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int n = i + 1;
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      String[] f = line.split(":", -1);
      if (f.length != format.fields()) {
        problems.add(
            new ParseProblem(
                path, n, "expected " + format.fields() + " fields, found " + f.length));
        continue;
      }
      if (f[0].isEmpty() || f[0].startsWith("+") || f[0].startsWith("-")) {
        problems.add(new ParseProblem(path, n, "invalid " + format.nameKind() + " '" + f[0] + "'"));
        continue;
      }
      long[] ids = new long[format.idFields().length];
      boolean numeric = true;
      for (int k = 0; k < ids.length; k++) {
        ids[k] = parseId(f[format.idFields()[k]]);
        numeric &= ids[k] >= 0;
      }
      if (!numeric) {
        problems.add(new ParseProblem(path, n, format.idProblem()));
        continue;
      }
      entries.add(format.maker().make(f, ids, n));
    }
    return new Records<>(true, Optional.empty(), entries, problems);
  }

  /** What was read of a file from the tree. */
  private record Read(
      boolean present, Optional<FileEntry> entry, String text, List<ParseProblem> problems) {}

  private static Read read(FileTree tree, String path) {
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
  public static long parseId(String s) {
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
