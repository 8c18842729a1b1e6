package dev.runnerlint.facts;

import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import java.util.List;
import java.util.Optional;

/**
 * The users of an image's {@code /etc/passwd}. Comment, blank and malformed lines are skipped
 * (malformed ones are reported in {@link #problems()}); lookups return the first match, as {@code
 * getpwnam} / {@code getpwuid} do.
 *
 * @param present whether the file exists in the image
 * @param entry the file's entry when it exists
 */
public record PasswdFile(
    String path,
    boolean present,
    Optional<FileEntry> entry,
    List<PasswdEntry> entries,
    List<ParseProblem> problems) {

  public static final String PATH = "/etc/passwd";

  private static final DatabaseFiles.Format<PasswdEntry> FORMAT =
      new DatabaseFiles.Format<>(
          7,
          "user name",
          new int[] {2, 3},
          "uid and gid must be numbers",
          (f, ids, line) -> new PasswdEntry(f[0], ids[0], ids[1], f[4], f[5], f[6], line));

  public PasswdFile {
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }

  /** Reads {@code /etc/passwd} from the tree (symlinks followed). */
  public static PasswdFile from(FileTree tree) {
    return of(PATH, DatabaseFiles.load(tree, PATH, FORMAT));
  }

  /** Parses passwd text; the result is {@code present}. */
  public static PasswdFile parse(String path, String text) {
    return of(path, DatabaseFiles.parse(path, text, FORMAT));
  }

  private static PasswdFile of(String path, DatabaseFiles.Records<PasswdEntry> r) {
    return new PasswdFile(path, r.present(), r.entry(), r.entries(), r.problems());
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
