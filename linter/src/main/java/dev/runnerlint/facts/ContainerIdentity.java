package dev.runnerlint.facts;

import dev.runnerlint.image.ImageConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who the container's process runs as: the config {@code USER} resolved through the image's {@code
 * /etc/passwd} and {@code /etc/group} the way runc / containerd do it ({@code
 * libcontainer/user.GetExecUser}).
 *
 * <ul>
 *   <li>{@code ""} is uid 0; {@code name}, {@code uid}, {@code name:group}, {@code uid:gid}, {@code
 *       name:gid}, {@code uid:group} are accepted. A numeric part is always an id.
 *   <li>The user's passwd entry (first match by name, or by uid for a numeric user) gives the
 *       primary gid, name and home.
 *   <li>Supplementary gids come from {@code /etc/group} membership of the user name, only in the
 *       implicit form (no {@code :group}), as runc does.
 *   <li>A user name missing from passwd or a group name missing from group is an {@link
 *       Severity#ERROR} (the container does not start); a numeric uid without passwd entry is a
 *       {@link Severity#WARNING} (no name, home falls back to {@code /}).
 * </ul>
 *
 * @param user the config {@code USER} as written
 * @param uid the uid (0 when the user cannot be resolved)
 * @param gid the primary gid
 * @param supplementaryGids the extra gids from {@code /etc/group} membership
 * @param name the user name, when known from passwd
 * @param passwdHome the home directory from passwd, when known
 * @param envHome the config's {@code HOME} environment variable, when set
 * @param problems what keeps the identity from resolving cleanly
 */
public record ContainerIdentity(
    String user,
    long uid,
    long gid,
    Set<Long> supplementaryGids,
    Optional<String> name,
    Optional<String> passwdHome,
    Optional<String> envHome,
    List<Problem> problems) {

  /** How bad an identity problem is. */
  public enum Severity {
    /** The runtime refuses to start the container. */
    ERROR,
    /** The container starts, but something is missing. */
    WARNING
  }

  /** A problem found while resolving {@code USER}. */
  public record Problem(Severity severity, String message) {}

  public ContainerIdentity {
    supplementaryGids = Set.copyOf(new LinkedHashSet<>(supplementaryGids));
    problems = List.copyOf(problems);
  }

  /** Resolves the config's {@code USER}. */
  public static ContainerIdentity resolve(ImageConfig config, PasswdFile passwd, GroupFile group) {
    return resolve(config.user(), config.envValue("HOME"), passwd, group);
  }

  /** Resolves a {@code USER} string; {@code envHome} is the config's {@code HOME}, if set. */
  public static ContainerIdentity resolve(
      String userSpec, Optional<String> envHome, PasswdFile passwd, GroupFile group) {
    String spec = userSpec == null ? "" : userSpec.strip();
    int colon = spec.indexOf(':');
    String userArg = colon < 0 ? spec : spec.substring(0, colon);
    String groupArg = colon < 0 ? "" : spec.substring(colon + 1);
    long uidArg = DatabaseFiles.parseId(userArg);
    long gidArg = DatabaseFiles.parseId(groupArg);
    List<Problem> problems = new ArrayList<>();

    long uid = 0;
    long gid = 0;
    Optional<String> name = Optional.empty();
    Optional<String> home = Optional.empty();
    Optional<PasswdEntry> pw;
    if (userArg.isEmpty()) {
      pw = passwd.byUid(0);
    } else if (uidArg >= 0) {
      pw = passwd.byUid(uidArg);
    } else {
      pw = passwd.byName(userArg);
    }
    if (pw.isPresent()) {
      uid = pw.get().uid();
      gid = pw.get().gid();
      name = Optional.of(pw.get().name());
      home = Optional.of(pw.get().home());
    } else if (!userArg.isEmpty()) {
      if (uidArg < 0) {
        problems.add(
            new Problem(
                Severity.ERROR,
                "user '"
                    + userArg
                    + "' is not in /etc/passwd"
                    + (passwd.present() ? "" : " (the image has no /etc/passwd)")
                    + ": the container will not start"));
      } else {
        uid = uidArg;
        problems.add(
            new Problem(
                Severity.WARNING,
                "uid "
                    + uidArg
                    + " has no entry in /etc/passwd: the process has no user name and"
                    + " HOME defaults to /"));
      }
    }

    Set<Long> sgids = new LinkedHashSet<>();
    if (!groupArg.isEmpty()) {
      Optional<GroupEntry> g = gidArg >= 0 ? group.byGid(gidArg) : group.byName(groupArg);
      if (g.isPresent()) {
        gid = g.get().gid();
      } else if (gidArg >= 0) {
        gid = gidArg;
      } else {
        problems.add(
            new Problem(
                Severity.ERROR,
                "group '"
                    + groupArg
                    + "' is not in /etc/group"
                    + (group.present() ? "" : " (the image has no /etc/group)")
                    + ": the container will not start"));
      }
    } else if (name.isPresent()) {
      sgids.addAll(group.supplementaryGids(name.get()));
    }
    Optional<String> env = envHome == null ? Optional.empty() : envHome.filter(h -> !h.isEmpty());
    return new ContainerIdentity(spec, uid, gid, sgids, name, home, env, problems);
  }

  public boolean isRoot() {
    return uid == 0;
  }

  /** The process's HOME: the config's {@code HOME} if set, else the passwd home. */
  public Optional<String> home() {
    return envHome.isPresent() ? envHome : passwdHome;
  }

  /** True when the uid, primary gid or a supplementary gid is {@code gid}. */
  public boolean inGroup(long gid) {
    return this.gid == gid || supplementaryGids.contains(gid);
  }

  /** True when a problem keeps the container from starting. */
  public boolean hasErrors() {
    return problems.stream().anyMatch(p -> p.severity() == Severity.ERROR);
  }
}
