package dev.runnerlint.facts.sudo;

import dev.runnerlint.facts.GroupFile;
import dev.runnerlint.facts.PasswdFile;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The invoking user as sudoers matches it: name ({@code runner}), uid ({@code #1001}), and group
 * vector — gids ({@code %#123}) and their names ({@code %sudo}).
 */
public record SudoUser(String name, long uid, Set<Long> gids, Set<String> groupNames) {

  public SudoUser {
    gids = Set.copyOf(gids);
    groupNames = Set.copyOf(groupNames);
  }

  /** root as a run-as target: uid 0, group root (gid 0). */
  public static final SudoUser ROOT = new SudoUser("root", 0, Set.of(0L), Set.of("root"));

  /**
   * The user as {@code getpwnam} + {@code getgrouplist} see it in the image: primary gid from
   * passwd plus every group listing the name as a member. Empty when the name is not in passwd.
   */
  public static Optional<SudoUser> lookup(String name, PasswdFile passwd, GroupFile group) {
    return passwd
        .byName(name)
        .map(
            pw -> {
              Set<Long> gids = new LinkedHashSet<>();
              gids.add(pw.gid());
              gids.addAll(group.supplementaryGids(name));
              return of(name, pw.uid(), gids, group);
            });
  }

  /** A user with the given ids; group names are looked up in {@code group}. */
  public static SudoUser of(String name, long uid, Set<Long> gids, GroupFile group) {
    Set<String> names = new LinkedHashSet<>();
    for (long gid : gids) {
      group.byGid(gid).ifPresent(g -> names.add(g.name()));
    }
    return new SudoUser(name, uid, gids, names);
  }
}
