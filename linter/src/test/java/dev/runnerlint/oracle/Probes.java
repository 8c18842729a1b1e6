package dev.runnerlint.oracle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the containers of one image showed, and the verdict each probe gives its one rule. A probe
 * that cannot observe its rule in an image (its container did not start, or the thing it runs is
 * not there) gives no verdict, and that rule is not compared for that image.
 */
final class Probes {
  /** The rules a probe observes, each by exactly one probe. */
  static final List<String> COMPARED =
      List.of(
          "ARC001", "ARC002", "ARC003", "ARC004", "ARC005", "ARC006", "ARC007", "ARC101", "ARC102",
          "ARC103", "ARC104", "ARC105", "ARC106", "ARC301", "ARC302", "ARC311", "ARC312", "ARC313",
          "ARC314", "ARC321", "ARC322", "ARC331", "ARC332");

  /**
   * The container mode runnerlint lints a rule in ({@code --mode}), for the rules of another mode
   * than the default; they are compared for layout a's images only, from docker-daemon: alone.
   */
  static final Map<String, String> MODE =
      Map.of(
          "ARC311", "dind",
          "ARC312", "dind",
          "ARC313", "dind",
          "ARC314", "dind",
          "ARC321", "kubernetes-novolume",
          "ARC322", "kubernetes-novolume",
          "ARC331", "kubernetes-novolume",
          "ARC332", "kubernetes-novolume");

  /** The rules without a sound probe here, and why (also in docs/accuracy.md). */
  static final Map<String, String> UNPROBED = unprobed();

  private static Map<String, String> unprobed() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "ARC008",
        "one architecture here: an ELF of another platform cannot be made by docker build from"
            + " this base, and qemu/binfmt is not installed");
    m.put(
        "ARC009",
        "a warning that the kubelet ignores USER's :group: that is a fact of the runtime, not of"
            + " the container; the oracle records it as the Kubernetes-vs-Docker differences");
    m.put("ARC201", "a note about ENTRYPOINT/CMD: the pod's command replaces them, nothing to run");
    m.put("ARC303", "values only (readOnlyRootFilesystem): the oracle lints the image alone");
    m.put("ARC304", "values only (the container's command): the pod command is run.sh here");
    m.put("ARC305", "values only (a command that is not run.sh)");
    m.put(
        "ARC306",
        "the runner root outside /home/runner breaks the chart's mounts (_work, the dind"
            + " sidecar's and the hook's externals path), which one container cannot show");
    return m;
  }

  /** One probe's verdict: whether the rule's claim fails in the container, and the evidence. */
  record Verdict(boolean fails, String evidence) {}

  /** The key=value lines a probe script printed, or the error of a container that did not start. */
  record Run(boolean started, Map<String, String> values, String error) {
    static Run of(int exit, String out, String err) {
      Map<String, String> values = new LinkedHashMap<>();
      for (String line : out.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      boolean started = "yes".equals(values.get("started"));
      String error = started ? "" : ("exit " + exit + ": " + err.strip());
      return new Run(started, values, error);
    }

    String get(String key) {
      String v = values.get(key);
      if (v == null) {
        throw new IllegalStateException("probe printed no " + key + ": " + values);
      }
      return v;
    }

    /** The exit code at the start of "RC text". */
    int code(String key) {
      String v = get(key);
      int sp = v.indexOf(' ');
      return Integer.parseInt(sp < 0 ? v : v.substring(0, sp));
    }
  }

  private Probes() {}

  /**
   * The verdicts of one image: {@code user} ran as the user the runtime runs (probe-user.sh),
   * {@code root} as uid 0 (probe-root.sh).
   */
  static Map<String, Optional<Verdict>> verdicts(Run user, Run root) {
    Map<String, Optional<Verdict>> m = new LinkedHashMap<>();
    if (!root.started()) {
      throw new IllegalStateException("the root probe container did not start: " + root.error());
    }
    // ARC001: run.sh is a regular file (symlinks followed), as root sees it
    String file = root.get("runsh.file");
    m.put("ARC001", Optional.of(new Verdict(!file.equals("yes"), "test -f run.sh: " + file)));
    // ARC003: the kernel runs run.sh's '#!' line (exit 0 from the stand-in body)
    String shebang = root.get("shebang");
    m.put(
        "ARC003",
        shebang.equals("unreadable")
            ? Optional.empty()
            : Optional.of(
                new Verdict(root.code("shebang") != 0, "run.sh's #! line executed: " + shebang)));
    // ARC004: the working directory is the runner directory as run.sh finds it (physical paths)
    String pwd = root.get("pwd");
    String rundir = root.get("rundir");
    m.put(
        "ARC004",
        Optional.of(
            new Verdict(
                rundir.isEmpty() || !pwd.equals(rundir),
                "pwd -P " + pwd + ", runner dir -P " + (rundir.isEmpty() ? "(none)" : rundir))));
    // ARC101: getent passwd runner has UID 1001
    String passwd = root.get("runner.passwd");
    String[] pw = passwd.split(":");
    m.put(
        "ARC101",
        Optional.of(
            new Verdict(
                !(pw.length > 2 && pw[2].equals("1001")), "getent passwd runner: " + passwd)));
    // ARC103: getent group docker has GID 123 and runner is in it
    String group = root.get("docker.group");
    String[] gr = group.split(":");
    String groups = root.get("runner.groups");
    boolean member = List.of(groups.split(" ")).contains("docker");
    m.put(
        "ARC103",
        Optional.of(
            new Verdict(
                !(gr.length > 2 && gr[2].equals("123") && member),
                "getent group docker: " + group + "; id -Gn runner: " + groups)));
    // ARC104: sudo run by nobody gets past its own setuid check
    String nobody = root.get("sudo.nobody");
    boolean setuidBroken =
        nobody.contains("must be owned by uid 0 and have the setuid bit set")
            || root.code("sudo.nobody") == 127;
    m.put("ARC104", Optional.of(new Verdict(setuidBroken, "sudo -n true as nobody: " + nobody)));
    // ARC105: sudo -n as runner runs a command as root, without a password (needs a working sudo)
    String asRunner = root.get("sudo.runner");
    m.put(
        "ARC105",
        setuidBroken
            ? Optional.empty()
            : Optional.of(
                new Verdict(
                    !(root.code("sudo.runner") == 0 && asRunner.endsWith(" 0")),
                    "sudo -n id -u as runner: " + asRunner)));
    m.putAll(userVerdicts(user));
    if (!file.equals("yes")) {
      // ARC002's subject is an existing run.sh: a missing or dangling one is ARC001's (the execve
      // of a dangling link under an unsearchable directory says "Permission denied")
      m.put("ARC002", Optional.empty());
      // ARC301's subject is the directory run.sh copies its helper into: without a run.sh there
      // is none (run.sh's absence is ARC001's; the rule is not applicable then)
      m.put("ARC301", Optional.empty());
    }
    return m;
  }

  /**
   * The verdicts of the dind and kubernetes-novolume rules (layout a): {@code user} ran as the
   * pod's user with the hook path, {@code root} as uid 0.
   */
  static Map<String, Optional<Verdict>> deploymentVerdicts(Run user, Run root) {
    Map<String, Optional<Verdict>> m = new LinkedHashMap<>();
    // ARC331: fs-init's sh, mkdir and mv on the image PATH
    String tools = root.get("fsinit.tools");
    m.put("ARC331", Optional.of(new Verdict(!tools.equals("all"), "missing: " + tools)));
    // ARC332: uid 1001 creates and removes an entry of /home/runner/externals
    m.put(
        "ARC332",
        Optional.of(
            new Verdict(
                root.code("fsinit.write") != 0,
                "touch + rm in /home/runner/externals as 1001:1001: " + root.get("fsinit.write"))));
    if (!user.started()) {
      for (String id : List.of("ARC311", "ARC312", "ARC313", "ARC314", "ARC321", "ARC322")) {
        m.put(id, Optional.empty());
      }
      return m;
    }
    // ARC312: cp on the image PATH (init-dind-externals' exec-form command)
    String cp = user.get("cp.path");
    m.put("ARC312", Optional.of(new Verdict(cp.equals("none"), "command -v cp: " + cp)));
    // ARC311: init-dind-externals' cp -r /home/runner/externals/. (only with a cp: ARC312's)
    m.put(
        "ARC311",
        cp.equals("none")
            ? Optional.empty()
            : Optional.of(
                new Verdict(
                    user.code("cp.externals") != 0,
                    "cp -r /home/runner/externals/. as uid "
                        + user.get("uid")
                        + ": "
                        + user.get("cp.externals"))));
    // ARC313: docker on PATH
    String docker = user.get("docker.path");
    m.put(
        "ARC313", Optional.of(new Verdict(docker.equals("none"), "command -v docker: " + docker)));
    // ARC314: the pod's user is in GID 123 (the dind socket's group)
    String groups = user.get("groups");
    m.put(
        "ARC314",
        Optional.of(new Verdict(!List.of(groups.split(" ")).contains("123"), "id -G: " + groups)));
    // ARC321: the hook file exists and has an extension the runner runs
    String file = user.get("hooks.file");
    String ext = user.get("hooks.ext");
    m.put(
        "ARC321",
        Optional.of(
            new Verdict(
                !(file.equals("file") && ext.equals("yes")),
                "hook: " + file + ", .js/.sh/.ps1: " + ext)));
    // ARC322: a .js hook runs with externals/node20/bin/node (no .js hook: not applicable)
    m.put(
        "ARC322",
        !user.get("hooks.path").endsWith(".js")
            ? Optional.empty()
            : Optional.of(
                new Verdict(
                    user.code("exec.node") != 0,
                    "externals/node20/bin/node: " + user.get("exec.node"))));
    return m;
  }

  /** The verdicts of the probes run as the image's user (also used for the Docker-mode run). */
  static Map<String, Optional<Verdict>> userVerdicts(Run user) {
    Map<String, Optional<Verdict>> m = new LinkedHashMap<>();
    // ARC006: the runtime resolves the user (else docker's "unable to find user")
    m.put(
        "ARC006",
        Optional.of(
            new Verdict(!user.started(), user.started() ? "the container started" : user.error())));
    if (!user.started()) {
      for (String id :
          List.of("ARC002", "ARC005", "ARC007", "ARC102", "ARC106", "ARC301", "ARC302")) {
        m.put(id, Optional.empty());
      }
      return m;
    }
    int rc = user.code("runsh.rc");
    String out = user.get("runsh.out");
    String run = "run.sh exit " + rc + ": " + out;
    // ARC002: execve of run.sh is not refused (126: permission denied)
    m.put("ARC002", Optional.of(new Verdict(rc == 126, run)));
    // ARC005: the exact root check of run-helper.sh.template
    String rootcheck = user.get("rootcheck");
    m.put(
        "ARC005",
        Optional.of(
            new Verdict(
                !rootcheck.equals("passes"),
                "uid " + user.get("uid") + ", root check: " + rootcheck)));
    // ARC007: bin/Runner.Listener and bin/Runner.Worker run (the stand-ins exit 0)
    String listener = user.get("exec.Runner.Listener");
    String worker = user.get("exec.Runner.Worker");
    m.put(
        "ARC007",
        Optional.of(
            new Verdict(
                user.code("exec.Runner.Listener") != 0 || user.code("exec.Runner.Worker") != 0,
                "in "
                    + user.get("dir")
                    + ": Runner.Listener: "
                    + listener
                    + "; Runner.Worker: "
                    + worker)));
    // ARC102: id -u is 1001
    m.put(
        "ARC102",
        Optional.of(new Verdict(!user.get("uid").equals("1001"), "id -u: " + user.get("uid"))));
    // ARC106: HOME is /home/runner, exists, owned by or writable for the user
    String home = user.get("homeok");
    m.put(
        "ARC106",
        Optional.of(new Verdict(!home.equals("yes"), "HOME=" + user.get("home") + ": " + home)));
    // ARC301: the user creates a file in the runner directory
    String write = user.get("dirwrite");
    m.put(
        "ARC301",
        Optional.of(
            new Verdict(!write.equals("yes"), "touch in " + user.get("dir") + ": " + write)));
    // ARC302: run.sh's cp of run-helper.sh.template (only when run.sh ran at all)
    boolean ran = rc != 126 && rc != 127;
    boolean noTemplate = out.contains("cannot stat") && out.contains("run-helper.sh.template");
    m.put("ARC302", ran ? Optional.of(new Verdict(noTemplate, run)) : Optional.empty());
    return m;
  }
}
