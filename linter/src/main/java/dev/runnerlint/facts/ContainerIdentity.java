package dev.runnerlint.facts;

import dev.runnerlint.image.ImageConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who the container's process runs as: the config {@code USER} resolved through the image's {@code
 * /etc/passwd} and {@code /etc/group}. Two resolvers, because Kubernetes and {@code docker run}
 * differ:
 *
 * <h2>{@link #resolve} — the pod's runtime (kubelet + containerd CRI), what the rules use</h2>
 *
 * <ul>
 *   <li>Only the user part of {@code USER} counts: the CRI image status reports only the user part
 *       (the {@code :group} is dropped, <a
 *       href="https://github.com/kubernetes/kubernetes/issues/61967">kubernetes/kubernetes#61967</a>)
 *       and the kubelet passes it back as {@code RunAsUser} / {@code RunAsUsername}. A numeric part
 *       is always a uid.
 *   <li>The primary gid is the passwd entry's gid, or 0 for a uid without entry (containerd {@code
 *       oci.WithUserID}); {@code runAsGroup} replaces it.
 *   <li>The supplementary gids are the user name's {@code /etc/group} memberships (containerd
 *       {@code oci.WithAdditionalGIDs}, {@code supplementalGroupsPolicy: Merge}, the default), plus
 *       {@code fsGroup} and {@code supplementalGroups} of the pod.
 *   <li>{@code runAsUser} replaces the image's user; its passwd entry (by uid) gives name, home and
 *       groups.
 *   <li>A user name missing from passwd is an {@link Severity#ERROR}: containerd refuses to create
 *       the container ({@code no users found}); a numeric uid without passwd entry is a {@link
 *       Severity#WARNING} (no name, HOME falls back to {@code /}). A group part is never a problem:
 *       it is not used.
 * </ul>
 *
 * <h2>{@link #resolveDocker} — {@code docker run} (runc {@code libcontainer/user.GetExecUser})</h2>
 *
 * <ul>
 *   <li>{@code ""} is uid 0; {@code name}, {@code uid}, {@code name:group}, {@code uid:gid}, {@code
 *       name:gid}, {@code uid:group} are accepted.
 *   <li>Supplementary gids come from {@code /etc/group} membership of the user name only in the
 *       implicit form (no {@code :group}); with a group part, that group is the only one.
 *   <li>A group name missing from group is an {@link Severity#ERROR} ({@code unable to find
 *       group}).
 * </ul>
 *
 * @param user the config {@code USER} as written (or the pod's {@code runAsUser})
 * @param uid the uid (0 when the user cannot be resolved)
 * @param gid the primary gid
 * @param supplementaryGids the extra gids ({@code /etc/group} membership, the pod's groups)
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

  /** What the pod's securityContext sets over the image's USER; all empty: the image's user. */
  public record PodSecurity(
      Optional<Long> runAsUser,
      Optional<Long> runAsGroup,
      Optional<Long> fsGroup,
      List<Long> supplementalGroups) {
    /** A pod that sets none of them. */
    public static final PodSecurity NONE =
        new PodSecurity(Optional.empty(), Optional.empty(), Optional.empty(), List.of());

    public PodSecurity {
      supplementalGroups = List.copyOf(supplementalGroups);
    }
  }

  /** Resolves the config's {@code USER} as a Kubernetes pod without securityContext does. */
  public static ContainerIdentity resolve(ImageConfig config, PasswdFile passwd, GroupFile group) {
    return resolve(config.user(), config.envValue("HOME"), passwd, group, PodSecurity.NONE);
  }

  /** Resolves a {@code USER} string as a Kubernetes pod without securityContext does. */
  public static ContainerIdentity resolve(
      String userSpec, Optional<String> envHome, PasswdFile passwd, GroupFile group) {
    return resolve(userSpec, envHome, passwd, group, PodSecurity.NONE);
  }

  /**
   * Resolves a {@code USER} string as the kubelet and containerd do for a pod with {@code pod}'s
   * securityContext; {@code envHome} is the config's {@code HOME}, if set.
   */
  public static ContainerIdentity resolve(
      String userSpec,
      Optional<String> envHome,
      PasswdFile passwd,
      GroupFile group,
      PodSecurity pod) {
    String spec = userSpec == null ? "" : userSpec.strip();
    int colon = spec.indexOf(':');
    String userArg = colon < 0 ? spec : spec.substring(0, colon);
    List<Problem> problems = new ArrayList<>();
    long uidArg;
    String shown;
    if (pod.runAsUser().isPresent()) {
      uidArg = pod.runAsUser().get();
      userArg = Long.toString(uidArg);
      shown = userArg;
    } else {
      uidArg = DatabaseFiles.parseId(userArg);
      shown = spec;
    }

    PasswdUser found = lookup(userArg, uidArg, passwd, problems);
    long uid = found.uid();
    long gid = found.gid();
    Optional<String> name = found.name();
    Optional<String> home = found.home();
    Set<Long> sgids = new LinkedHashSet<>();
    if (name.isPresent()) {
      sgids.addAll(group.supplementaryGids(name.get()));
    }
    if (pod.runAsGroup().isPresent()) {
      gid = pod.runAsGroup().get();
    }
    pod.fsGroup().ifPresent(sgids::add);
    sgids.addAll(pod.supplementalGroups());
    Optional<String> env = envHome == null ? Optional.empty() : envHome.filter(h -> !h.isEmpty());
    return new ContainerIdentity(shown, uid, gid, sgids, name, home, env, problems);
  }

  /** The user part of {@code USER} looked up in passwd: uid, primary gid, name and home. */
  private record PasswdUser(long uid, long gid, Optional<String> name, Optional<String> home) {}

  /**
   * Looks up the user part ({@code ""}: uid 0; numeric: by uid; else by name) in passwd, as both
   * runc and containerd do; adds the problem when it is missing (a name: the container does not
   * start; a uid: it runs without a name, gid 0).
   */
  private static PasswdUser lookup(
      String userArg, long uidArg, PasswdFile passwd, List<Problem> problems) {
    Optional<PasswdEntry> pw;
    if (userArg.isEmpty()) {
      pw = passwd.byUid(0);
    } else if (uidArg >= 0) {
      pw = passwd.byUid(uidArg);
    } else {
      pw = passwd.byName(userArg);
    }
    if (pw.isPresent()) {
      PasswdEntry e = pw.get();
      return new PasswdUser(e.uid(), e.gid(), Optional.of(e.name()), Optional.of(e.home()));
    }
    if (!userArg.isEmpty()) {
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
        problems.add(
            new Problem(
                Severity.WARNING,
                "uid "
                    + uidArg
                    + " has no entry in /etc/passwd: the process has no user name and"
                    + " HOME defaults to /"));
        return new PasswdUser(uidArg, 0, Optional.empty(), Optional.empty());
      }
    }
    return new PasswdUser(0, 0, Optional.empty(), Optional.empty());
  }

  /** The group part of a {@code USER} string ({@code runner:docker}: docker), if any. */
  public static Optional<String> groupPart(String userSpec) {
    String spec = userSpec == null ? "" : userSpec.strip();
    int colon = spec.indexOf(':');
    return colon < 0 ? Optional.empty() : Optional.of(spec.substring(colon + 1));
  }

  /** Resolves the config's {@code USER} as {@code docker run} (runc) does. */
  public static ContainerIdentity resolveDocker(
      ImageConfig config, PasswdFile passwd, GroupFile group) {
    return resolveDocker(config.user(), config.envValue("HOME"), passwd, group);
  }

  /**
   * Resolves a {@code USER} string as {@code docker run} (runc) does; {@code envHome} is the
   * config's {@code HOME}, if set.
   */
  public static ContainerIdentity resolveDocker(
      String userSpec, Optional<String> envHome, PasswdFile passwd, GroupFile group) {
    String spec = userSpec == null ? "" : userSpec.strip();
    int colon = spec.indexOf(':');
    String userArg = colon < 0 ? spec : spec.substring(0, colon);
    String groupArg = colon < 0 ? "" : spec.substring(colon + 1);
    long uidArg = DatabaseFiles.parseId(userArg);
    long gidArg = DatabaseFiles.parseId(groupArg);
    List<Problem> problems = new ArrayList<>();

    PasswdUser found = lookup(userArg, uidArg, passwd, problems);
    long uid = found.uid();
    long gid = found.gid();
    Optional<String> name = found.name();
    Optional<String> home = found.home();

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
