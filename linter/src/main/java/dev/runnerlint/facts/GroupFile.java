package dev.runnerlint.facts;

import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The groups of an image's {@code /etc/group}. Comment, blank and malformed lines are skipped
 * (malformed ones are reported in {@link #problems()}); lookups return the first match, as {@code
 * getgrnam} / {@code getgrgid} do.
 *
 * @param present whether the file exists in the image
 * @param entry the file's entry when it exists
 */
public record GroupFile(
    String path,
    boolean present,
    Optional<FileEntry> entry,
    List<GroupEntry> entries,
    List<ParseProblem> problems) {

  public static final String PATH = "/etc/group";

  private static final DatabaseFiles.Format<GroupEntry> FORMAT =
      new DatabaseFiles.Format<>(
          4,
          "group name",
          new int[] {2},
          "gid must be a number",
          (f, ids, line) -> new GroupEntry(f[0], ids[0], members(f[3]), line));

  public GroupFile {
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }

  /** Reads {@code /etc/group} from the tree (symlinks followed). */
  public static GroupFile from(FileTree tree) {
    return of(PATH, DatabaseFiles.load(tree, PATH, FORMAT));
  }

  /** Parses group text; the result is {@code present}. */
  public static GroupFile parse(String path, String text) {
    return of(path, DatabaseFiles.parse(path, text, FORMAT));
  }

  private static GroupFile of(String path, DatabaseFiles.Records<GroupEntry> r) {
    return new GroupFile(path, r.present(), r.entry(), r.entries(), r.problems());
  }

  private static List<String> members(String field) {
    return Arrays.stream(field.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** The first group with this name. */
  public Optional<GroupEntry> byName(String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The first group with this gid. */
  public Optional<GroupEntry> byGid(long gid) {
    return entries.stream().filter(e -> e.gid() == gid).findFirst();
  }

  /** The groups listing {@code user} as a member, in file order (what {@code initgroups} adds). */
  public List<GroupEntry> groupsWithMember(String user) {
    return entries.stream().filter(g -> g.hasMember(user)).toList();
  }

  /** The gids of the groups listing {@code user} as a member, without duplicates. */
  public Set<Long> supplementaryGids(String user) {
    Set<Long> gids = new LinkedHashSet<>();
    groupsWithMember(user).forEach(g -> gids.add(g.gid()));
    return gids;
  }
}
