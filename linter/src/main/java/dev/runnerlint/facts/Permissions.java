package dev.runnerlint.facts;

import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Unix permission checks of an entry against a container identity, as the kernel does them: the
 * owner class applies when the uid owns the file, else the group class when the primary or a
 * supplementary gid matches, else other. Root (uid 0, with the default capabilities) may read and
 * write anything, and execute a file when any execute bit is set (directories: always).
 *
 * <p>A path is only reachable when every directory the kernel looks a component up in grants the
 * identity search (x) permission: the directories of the path and of every symlink followed on the
 * way ({@link #searchDenied}); otherwise {@code stat}, {@code open} and {@code execve} fail with
 * {@code EACCES} ("permission denied") whatever the file's own mode.
 */
public final class Permissions {
  private Permissions() {}

  public static boolean canExecute(FileEntry entry, ContainerIdentity who) {
    if (who.isRoot()) {
      return entry.isDirectory() || (entry.mode() & 0111) != 0;
    }
    return (classBits(entry, who) & 1) != 0;
  }

  public static boolean canWrite(FileEntry entry, ContainerIdentity who) {
    return who.isRoot() || (classBits(entry, who) & 2) != 0;
  }

  public static boolean canRead(FileEntry entry, ContainerIdentity who) {
    return who.isRoot() || (classBits(entry, who) & 4) != 0;
  }

  /**
   * A directory on the way to a path that the identity may not search.
   *
   * @param directory the directory's path, symlinks resolved
   * @param entry its entry
   * @param path the path that could not be reached
   */
  public record SearchDenied(String directory, FileEntry entry, String path) {
    /** {@code the directory /actions-runner (mode drwx------ 0:0) has no x bit for it}. */
    public String describe() {
      return "the directory "
          + directory
          + " (mode "
          + entry.modeString()
          + " "
          + entry.uid()
          + ":"
          + entry.gid()
          + ") does not let it search (x): stat "
          + path
          + ": permission denied";
    }
  }

  /**
   * The first directory the kernel must search (x) to reach {@code path} but {@code who} may not,
   * walking as {@code path_lookupat} does: each component in turn, symlinks followed (also the last
   * one), absolute targets from the root, relative ones from the link's directory, {@code ..} never
   * above the root. Root (CAP_DAC_OVERRIDE) is never denied. Empty when the walk gets through, and
   * also when the path does not exist, is a loop or needs too many links (other checks say so).
   */
  public static Optional<SearchDenied> searchDenied(
      FileTree tree, String path, ContainerIdentity who) {
    if (who.isRoot()) {
      return Optional.empty();
    }
    Deque<String> todo = new ArrayDeque<>();
    push(todo, path);
    String current = "/";
    int hops = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.equals(".")) {
        continue;
      }
      Optional<FileEntry> dir = tree.lstat(current);
      if (dir.isEmpty() || !dir.get().isDirectory()) {
        return Optional.empty();
      }
      if (!canExecute(dir.get(), who)) {
        return Optional.of(new SearchDenied(current, dir.get(), path));
      }
      if (c.equals("..")) {
        current = parent(current);
        continue;
      }
      String next = current.equals("/") ? "/" + c : current + "/" + c;
      Optional<FileEntry> e = tree.lstat(next);
      if (e.isEmpty()) {
        return Optional.empty();
      }
      if (e.get().isSymlink()) {
        if (++hops > FileTree.MAX_SYMLINK_HOPS) {
          return Optional.empty();
        }
        String target = e.get().linkTarget().orElse("");
        if (target.isEmpty()) {
          return Optional.empty();
        }
        push(todo, target);
        if (target.startsWith("/")) {
          current = "/";
        }
        continue;
      }
      current = next;
    }
    return Optional.empty();
  }

  /** True when {@code who} reaches {@code path} ({@link #searchDenied}) and may execute it. */
  public static boolean canExecutePath(FileTree tree, String path, ContainerIdentity who) {
    Optional<FileEntry> e = tree.resolve(path).entry();
    return e.isPresent() && executeDenied(tree, path, e.get(), who).isEmpty();
  }

  /**
   * Why {@code who} may not execute {@code file}, the entry {@code path} resolves to: first a
   * directory on the way it may not search ({@link #searchDenied}), then the file's own bits
   * ({@link #canExecute}), as {@code execve} checks them. Empty when it may.
   */
  public static Optional<ExecuteDenied> executeDenied(
      FileTree tree, String path, FileEntry file, ContainerIdentity who) {
    Optional<SearchDenied> search = searchDenied(tree, path, who);
    if (search.isPresent() || !canExecute(file, who)) {
      return Optional.of(new ExecuteDenied(search, file));
    }
    return Optional.empty();
  }

  /**
   * Why a file may not be executed: {@code search} when a directory on the way stops it, else the
   * file's own mode.
   */
  public record ExecuteDenied(Optional<SearchDenied> search, FileEntry file) {
    /** The entry a finding points at: the directory that stops the search, or the file. */
    public FileEntry at() {
      return search.map(SearchDenied::entry).orElse(file);
    }
  }

  private static void push(Deque<String> todo, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      if (!parts[i].isEmpty()) {
        todo.addFirst(parts[i]);
      }
    }
  }

  private static String parent(String dir) {
    int slash = dir.lastIndexOf('/');
    return slash <= 0 ? "/" : dir.substring(0, slash);
  }

  /** True when others (no owner or group match) may write: what sudo refuses in its files. */
  public static boolean worldWritable(FileEntry entry) {
    return (entry.mode() & 0002) != 0;
  }

  /** The rwx bits (0-7) of the class that applies to {@code who}. */
  static int classBits(FileEntry entry, ContainerIdentity who) {
    int mode = entry.mode();
    if (entry.uid() == who.uid()) {
      return (mode >> 6) & 7;
    }
    if (who.inGroup(entry.gid())) {
      return (mode >> 3) & 7;
    }
    return mode & 7;
  }
}
