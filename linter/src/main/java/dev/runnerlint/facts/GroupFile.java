package dev.runnerlint.facts;

import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The groups of an image's {@code /etc/group}. Comment, blank and malformed lines are skipped
 * (malformed ones are reported in {@link #problems()}); lookups return the first match, as
 * {@code getgrnam} / {@code getgrgid} do.
 */
public record GroupFile(
    String path, boolean present, Optional<FileEntry> entry, List<GroupEntry> entries,
    List<ParseProblem> problems) {

  public static final String PATH = "/etc/group";

  public GroupFile {
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }

  /** Reads {@code /etc/group} from the tree (symlinks followed). */
  public static GroupFile from(FileTree tree) {
    DatabaseFiles.Read read = DatabaseFiles.read(tree, PATH);
    GroupFile parsed = parse(PATH, read.text());
    List<ParseProblem> problems = new ArrayList<>(read.problems());
    problems.addAll(parsed.problems());
    return new GroupFile(PATH, read.present(), read.entry(), parsed.entries(), problems);
  }

  /** Parses group text; the result is {@code present}. */
  public static GroupFile parse(String path, String text) {
    List<GroupEntry> entries = new ArrayList<>();
    List<ParseProblem> problems = new ArrayList<>();
    List<String> lines = DatabaseFiles.lines(text);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int n = i + 1;
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      String[] f = line.split(":", -1);
      if (f.length != 4) {
        problems.add(new ParseProblem(path, n, "expected 4 fields, found " + f.length));
        continue;
      }
      if (f[0].isEmpty() || f[0].startsWith("+") || f[0].startsWith("-")) {
        problems.add(new ParseProblem(path, n, "invalid group name '" + f[0] + "'"));
        continue;
      }
      long gid = DatabaseFiles.parseId(f[2]);
      if (gid < 0) {
        problems.add(new ParseProblem(path, n, "gid must be a number"));
        continue;
      }
      List<String> members =
          Arrays.stream(f[3].split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
      entries.add(new GroupEntry(f[0], gid, members, n));
    }
    return new GroupFile(path, true, Optional.empty(), entries, problems);
  }

  public Optional<GroupEntry> byName(String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst();
  }

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
