package dev.runnerlint.facts;

import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The users of an image's {@code /etc/passwd}. Comment, blank and malformed lines are skipped
 * (malformed ones are reported in {@link #problems()}); lookups return the first match, as
 * {@code getpwnam} / {@code getpwuid} do.
 *
 * @param present whether the file exists in the image
 * @param entry the file's entry when it exists
 */
public record PasswdFile(
    String path, boolean present, Optional<FileEntry> entry, List<PasswdEntry> entries,
    List<ParseProblem> problems) {

  public static final String PATH = "/etc/passwd";

  public PasswdFile {
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }

  /** Reads {@code /etc/passwd} from the tree (symlinks followed). */
  public static PasswdFile from(FileTree tree) {
    DatabaseFiles.Read read = DatabaseFiles.read(tree, PATH);
    PasswdFile parsed = parse(PATH, read.text());
    List<ParseProblem> problems = new ArrayList<>(read.problems());
    problems.addAll(parsed.problems());
    return new PasswdFile(PATH, read.present(), read.entry(), parsed.entries(), problems);
  }

  /** Parses passwd text; the result is {@code present}. */
  public static PasswdFile parse(String path, String text) {
    List<PasswdEntry> entries = new ArrayList<>();
    List<ParseProblem> problems = new ArrayList<>();
    List<String> lines = DatabaseFiles.lines(text);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int n = i + 1;
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      String[] f = line.split(":", -1);
      if (f.length != 7) {
        problems.add(new ParseProblem(path, n, "expected 7 fields, found " + f.length));
        continue;
      }
      if (f[0].isEmpty() || f[0].startsWith("+") || f[0].startsWith("-")) {
        problems.add(new ParseProblem(path, n, "invalid user name '" + f[0] + "'"));
        continue;
      }
      long uid = DatabaseFiles.parseId(f[2]);
      long gid = DatabaseFiles.parseId(f[3]);
      if (uid < 0 || gid < 0) {
        problems.add(new ParseProblem(path, n, "uid and gid must be numbers"));
        continue;
      }
      entries.add(new PasswdEntry(f[0], uid, gid, f[4], f[5], f[6], n));
    }
    return new PasswdFile(path, true, Optional.empty(), entries, problems);
  }

  /** The first user with this name. */
  public Optional<PasswdEntry> byName(String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The first user with this uid. */
  public Optional<PasswdEntry> byUid(long uid) {
    return entries.stream().filter(e -> e.uid() == uid).findFirst();
  }
}
