package dev.runnerlint.facts.sudo;

import dev.runnerlint.fs.FileEntry;
import java.util.Optional;

/**
 * A file that is part of the sudoers policy: {@code /etc/sudoers} or a file it includes.
 *
 * @param path absolute path as named by sudoers (or listed from an included directory)
 * @param entry the file's entry, symlinks followed, when the source knows it: check its owner and
 *     mode with {@link #insecurity()}
 * @param includedFrom the file and line that included it; empty for {@code /etc/sudoers}
 * @param contentKnown false when the image reader did not capture its content, so its rules are
 *     unknown
 */
public record SudoersFile(
    String path,
    Optional<FileEntry> entry,
    Optional<SudoersLine> includedFrom,
    boolean contentKnown) {

  /**
   * Why sudo would refuse this file, as {@code sudo_secure_file} does with the default {@code
   * sudoers_uid} 0 and {@code sudoers_gid} 0: not owned by uid 0, writable by others, or writable
   * by a group other than gid 0. Empty when it is fine or the metadata is unknown.
   */
  public Optional<String> insecurity() {
    return entry.flatMap(e -> insecurity(path, e));
  }

  /**
   * Why sudo's {@code sudo_secure_fd} (lib/util/secure_path.c) rejects a sudoers file or include
   * directory with the default {@code sudoers_uid} 0 and {@code sudoers_gid} 0: not owned by uid 0,
   * writable by others, or writable by a group other than gid 0. Empty when it is fine.
   */
  public static Optional<String> insecurity(String path, FileEntry e) {
    if (e.uid() != 0) {
      return Optional.of(path + " is owned by uid " + e.uid() + ", sudo requires uid 0");
    }
    if ((e.mode() & 0002) != 0) {
      return Optional.of(path + " is world writable (" + e.modeString() + ")");
    }
    if ((e.mode() & 0020) != 0 && e.gid() != 0) {
      return Optional.of(
          path
              + " is writable by group "
              + e.gid()
              + " ("
              + e.modeString()
              + "), sudo requires"
              + " gid 0 for a group-writable file");
    }
    return Optional.empty();
  }
}
