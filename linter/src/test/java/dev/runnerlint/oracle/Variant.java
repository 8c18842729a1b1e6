package dev.runnerlint.oracle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One generated runner image: a layout ("a": the official runner Dockerfile's user and sudo lines,
 * runner in /home/runner; "b": bring-your-own at /actions-runner) and the dimensions it bends.
 * {@link #dockerfile} writes it as the Dockerfile {@code docker build} gets, on top of the layout's
 * shared image (base + users); {@link #context} is the build context (the runner files).
 */
record Variant(int index, String layout, Map<Dimension, String> bent) {
  Variant {
    bent = new EnumMap<>(bent);
  }

  String value(Dimension d) {
    return bent.getOrDefault(d, d.defaultValue());
  }

  /** The runner directory runnerlint is told ({@code --runner-dir}) and the pod runs run.sh in. */
  String runnerDir() {
    return layout.equals("a") ? "/home/runner" : "/actions-runner";
  }

  /** Where the runner files really are (the runner directory, or a symlink's target). */
  String realDir() {
    return switch (value(Dimension.LINKS)) {
      case "runner-dir-symlink" -> "/opt/actions-runner";
      case "workdir-symlink" -> "/home/runner";
      default -> runnerDir();
    };
  }

  /** The config USER. */
  String user() {
    if (!bent.containsKey(Dimension.USER) && bent.containsKey(Dimension.ALLOW_ROOT)) {
      return "root"; // RUNNER_ALLOW_RUNASROOT matters for root
    }
    return value(Dimension.USER);
  }

  /** What the kubelet runs as: the user part of USER (the group part is dropped). */
  String kubeletUser() {
    String u = user();
    int colon = u.indexOf(':');
    return colon < 0 ? u : u.substring(0, colon);
  }

  String workdir() {
    return value(Dimension.LINKS).equals("workdir-symlink") ? "/home/runner" : runnerDir();
  }

  /** ACTIONS_RUNNER_CONTAINER_HOOKS as the values set it, or null for the chart's default. */
  String hooksEnv() {
    return value(Dimension.HOOKS).equals("not-js") ? "/home/runner/k8s-novolume/index.mjs" : null;
  }

  /** The hook the runner runs in kubernetes-novolume mode (the chart's default, or the values'). */
  String hooksPath() {
    String env = hooksEnv();
    return env != null ? env : "/home/runner/k8s-novolume/index.js";
  }

  String name() {
    return "v" + index + "-" + layout;
  }

  /** "layout a; RUN_SH_MODE=0644, USER=ghost". */
  String describe() {
    return "layout "
        + layout
        + (bent.isEmpty()
            ? ""
            : "; "
                + bent.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")));
  }

  /** The build context: the real run.sh (with this variant's shebang) and its template. */
  Map<String, byte[]> context(String runSh, String template) {
    String script = runSh;
    String shebang = value(Dimension.SHEBANG);
    String first = script.substring(0, script.indexOf('\n'));
    String rest = script.substring(script.indexOf('\n'));
    switch (shebang) {
      case "crlf" -> script = script.replace("\n", "\r\n");
      case "env-crlf" -> script = ("#!/usr/bin/env bash" + rest).replace("\n", "\r\n");
      case "#!/bin/bash" -> script = first + rest;
      default -> script = shebang + rest;
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("runner/run.sh", script.getBytes(StandardCharsets.UTF_8));
    files.put("runner/run-helper.sh.template", template.getBytes(StandardCharsets.UTF_8));
    return files;
  }

  /** The Dockerfile, FROM the layout's shared image. */
  String dockerfile(String layoutImage) {
    String r = realDir();
    String owner = layout.equals("a") ? "runner:docker" : "runner:runner";
    List<String> lines = new ArrayList<>();
    lines.add("# oracle variant " + name() + ": " + describe());
    lines.add("FROM " + layoutImage);
    if (value(Dimension.RUNNER_DIR).equals("workdir-created")) {
      lines.add("WORKDIR " + r);
    }
    lines.add("COPY --chown=" + owner + " runner/ " + r + "/");
    List<String> run = new ArrayList<>();
    run.add("set -eu");
    run.add("cd " + r);
    // the stand-in runner binaries: real ELF files that exit 0
    run.add("mkdir -p bin && cp /bin/true bin/Runner.Listener && cp /bin/true bin/Runner.Worker");
    run.add("chown -R " + owner + " bin && chmod 0755 bin bin/* run-helper.sh.template");
    switch (value(Dimension.BIN)) {
      case "listener-0644" -> run.add("chmod 0644 bin/Runner.Listener");
      case "bin-root-0700" -> run.add("chown root:root bin && chmod 0700 bin");
      case "worker-missing" -> run.add("rm bin/Runner.Worker");
      default -> {}
    }
    run.add("chmod " + value(Dimension.RUN_SH_MODE) + " run.sh");
    if (!value(Dimension.RUN_SH_OWNER).equals("layout")) {
      run.add("chown " + value(Dimension.RUN_SH_OWNER) + " run.sh");
    }
    switch (value(Dimension.LINKS)) {
      case "runner-dir-symlink", "workdir-symlink" -> run.add("ln -s " + r + " " + runnerDir());
      case "run.sh-symlink-away" ->
          run.add("mkdir -p /opt/rl && mv run.sh /opt/rl/run.sh && ln -s /opt/rl/run.sh run.sh");
      case "run.sh-symlink-beside" -> run.add("mv run.sh run-real.sh && ln -s run-real.sh run.sh");
      case "run.sh-dangling" -> run.add("rm run.sh && ln -s /opt/rl/missing.sh run.sh");
      default -> {}
    }
    switch (value(Dimension.RUNNER_DIR)) {
      case "layout" -> {
        if (layout.equals("b")) {
          run.add("chown runner:runner " + r + " && chmod 0755 " + r);
        }
      }
      case "root-0700" -> run.add("chown root:root " + r + " && chmod 0700 " + r);
      case "root:docker-0750" -> run.add("chown root:docker " + r + " && chmod 0750 " + r);
      case "owner-0555" -> run.add("chown runner " + r + " && chmod 0555 " + r);
      case "root-0755" -> run.add("chown root:root " + r + " && chmod 0755 " + r);
      default -> {} // workdir-created: as WORKDIR and COPY left it
    }
    if (layout.equals("a")) {
      run.addAll(deployment());
    }
    run.addAll(sudoers());
    switch (value(Dimension.HOME)) {
      case "home-root-0755" -> run.add("chown root:root /home/runner && chmod 0755 /home/runner");
      case "home-removed" -> run.add("rm -rf /home/runner");
      default -> {}
    }
    switch (value(Dimension.IDS)) {
      case "runner-uid-1002" -> run.add("usermod -u 1002 runner");
      case "docker-gid-999" -> run.add("groupmod -g 999 docker");
      case "runner-not-in-docker" -> run.add("gpasswd -d runner docker");
      case "no-docker-group" -> run.add("groupdel docker");
      case "runner-primary-docker" -> run.add("usermod -g docker runner");
      default -> {}
    }
    lines.add("RUN " + chain(run));
    // a later layer deletes a file of an earlier one: a whiteout
    switch (value(Dimension.WHITEOUT)) {
      case "rm-run.sh" -> lines.add("RUN rm " + r + "/run.sh");
      case "rm-listener" -> lines.add("RUN rm " + r + "/bin/Runner.Listener");
      case "rm-template" -> lines.add("RUN rm " + r + "/run-helper.sh.template");
      default -> {}
    }
    switch (value(Dimension.TOOLS)) {
      case "no-cp" -> lines.add("RUN rm /usr/bin/cp");
      case "no-mv" -> lines.add("RUN rm /usr/bin/mv");
      default -> {}
    }
    switch (value(Dimension.HOME)) {
      case "env-/tmp" -> lines.add("ENV HOME=/tmp");
      case "env-/root" -> lines.add("ENV HOME=/root");
      default -> {}
    }
    switch (value(Dimension.ALLOW_ROOT)) {
      case "1" -> lines.add("ENV RUNNER_ALLOW_RUNASROOT=1");
      case "empty" -> lines.add("ENV RUNNER_ALLOW_RUNASROOT=\"\"");
      case "0" -> lines.add("ENV RUNNER_ALLOW_RUNASROOT=0");
      case "false" -> lines.add("ENV RUNNER_ALLOW_RUNASROOT=false");
      default -> {}
    }
    lines.add("USER " + user());
    lines.add("WORKDIR " + workdir());
    return String.join("\n", lines) + "\n";
  }

  /**
   * Layout a's externals (node20/bin/node a real ELF that exits 0), the hooks at the chart's
   * default paths, and a stand-in docker CLI: what the dind and kubernetes modes use.
   */
  private List<String> deployment() {
    List<String> run = new ArrayList<>();
    String ext = "/home/runner/externals";
    switch (value(Dimension.EXTERNALS)) {
      case "missing" -> {}
      default -> {
        run.add("mkdir -p " + ext + "/node20/bin && cp /bin/true " + ext + "/node20/bin/node");
        run.add("chown -R runner:docker " + ext + " && chmod -R 0755 " + ext);
      }
    }
    switch (value(Dimension.EXTERNALS)) {
      case "root-0755" -> run.add("chown -R root:root " + ext);
      case "node-not-executable" -> run.add("chmod 0644 " + ext + "/node20/bin/node");
      default -> {}
    }
    switch (value(Dimension.HOOKS)) {
      case "missing" -> {}
      default -> {
        String h = "/home/runner/k8s/index.js /home/runner/k8s-novolume/index.js";
        if (hooksEnv() != null) {
          h += " " + hooksEnv();
        }
        run.add("mkdir -p /home/runner/k8s /home/runner/k8s-novolume && touch " + h);
        run.add("chown -R runner:docker /home/runner/k8s /home/runner/k8s-novolume");
      }
    }
    if (value(Dimension.TOOLS).equals("docker-cli")) {
      run.add("cp /bin/true /usr/local/bin/docker");
    }
    return run;
  }

  private static String chain(List<String> cmds) {
    return String.join(" \\\n && ", cmds);
  }

  private static final String GRANT = "runner ALL=(ALL) NOPASSWD:ALL";
  private static final String ROOT = "root ALL=(ALL:ALL) ALL";

  /** Shell lines that give /etc/sudoers and /etc/sudoers.d this variant's shape. */
  private List<String> sudoers() {
    List<String> run = new ArrayList<>();
    String v = value(Dimension.SUDOERS);
    switch (v) {
      case "layout" -> {}
      case "group-grant-docker" -> {
        run.add(write("/etc/sudoers", ROOT, "%docker ALL=(ALL) NOPASSWD:ALL"));
        run.add("rm -f /etc/sudoers.d/runner");
      }
      case "password-grant" -> {
        run.add(write("/etc/sudoers", ROOT, "runner ALL=(ALL:ALL) ALL"));
        run.add("rm -f /etc/sudoers.d/runner");
      }
      case "not-authenticate" -> {
        run.add(write("/etc/sudoers", "Defaults !authenticate", ROOT, "runner ALL=(ALL:ALL) ALL"));
        run.add("rm -f /etc/sudoers.d/runner");
      }
      case "dot-file" -> {
        run.add(write("/etc/sudoers", ROOT, "@includedir /etc/sudoers.d"));
        run.add("rm -f /etc/sudoers.d/runner");
        run.add(write("/etc/sudoers.d/runner.conf", GRANT));
        run.add("chmod 0440 /etc/sudoers.d/runner.conf");
      }
      case "unsafe-mode", "unsafe-owner", "no-includedir", "sudoers.d-world-writable" -> {
        run.add(
            v.equals("no-includedir")
                ? write("/etc/sudoers", ROOT)
                : write("/etc/sudoers", ROOT, "@includedir /etc/sudoers.d"));
        run.add(write("/etc/sudoers.d/runner", GRANT));
        run.add("chmod 0440 /etc/sudoers.d/runner");
        switch (v) {
          case "unsafe-mode" -> run.add("chmod 0666 /etc/sudoers.d/runner");
          case "unsafe-owner" -> run.add("chown 1001 /etc/sudoers.d/runner");
          case "sudoers.d-world-writable" -> run.add("chmod 0777 /etc/sudoers.d");
          default -> {}
        }
      }
      case "sudo-not-setuid" -> run.add("chmod u-s /usr/bin/sudo");
      case "requiretty" -> run.add("echo 'Defaults requiretty' >> /etc/sudoers");
      default -> throw new IllegalStateException("sudoers " + v);
    }
    return run;
  }

  /** {@code printf '%s\n' LINES... > FILE} (the file keeps its mode if it exists). */
  private static String write(String file, String... lines) {
    StringBuilder sb = new StringBuilder("printf '%s\\n'");
    for (String l : lines) {
      sb.append(" '").append(l).append("'");
    }
    return sb.append(" > ").append(file).toString();
  }
}
