package dev.runnerlint.facts;

import dev.runnerlint.fs.FileEntry;

/**
 * Unix permission checks of an entry against a container identity, as the kernel does them: the
 * owner class applies when the uid owns the file, else the group class when the primary or a
 * supplementary gid matches, else other. Root (uid 0, with the default capabilities) may read and
 * write anything, and execute a file when any execute bit is set (directories: always).
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
