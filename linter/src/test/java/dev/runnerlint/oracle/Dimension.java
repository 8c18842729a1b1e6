package dev.runnerlint.oracle;

import java.util.List;

/**
 * One way a generated runner image bends the two layouts. Each has a default (its first value, what
 * the layout does) and the values a variant may choose instead; {@link #layoutOnly} names values
 * that exist in one layout only ("b": the bring-your-own image at {@code /actions-runner}).
 */
enum Dimension {
  RUN_SH_MODE("0755", "0644", "0700", "0750", "0555", "0777"),
  RUN_SH_OWNER("layout", "root:root", "root:docker", "4242:4242"),
  RUNNER_DIR(
      "layout", "root-0700", "root:docker-0750", "owner-0555", "root-0755", "workdir-created"),
  BIN("layout", "listener-0644", "bin-root-0700", "worker-missing"),
  SHEBANG("#!/bin/bash", "crlf", "#!/usr/bin/env bash", "#!/bin/zsh", "env-crlf"),
  LINKS(
      "none",
      "runner-dir-symlink",
      "workdir-symlink",
      "run.sh-symlink-away",
      "run.sh-symlink-beside",
      "run.sh-dangling"),
  USER(
      "runner",
      "runner:docker",
      "runner:runner",
      "runner:runners",
      "1001",
      "1001:123",
      "ghost",
      "4242",
      "root",
      "0"),
  IDS(
      "layout",
      "runner-uid-1002",
      "docker-gid-999",
      "runner-not-in-docker",
      "no-docker-group",
      "runner-primary-docker"),
  SUDOERS(
      "layout",
      "group-grant-docker",
      "password-grant",
      "not-authenticate",
      "dot-file",
      "unsafe-mode",
      "unsafe-owner",
      "no-includedir",
      "sudo-not-setuid",
      "requiretty",
      "sudoers.d-world-writable"),
  WHITEOUT("none", "rm-run.sh", "rm-listener", "rm-template"),
  HOME("passwd", "env-/tmp", "env-/root", "home-root-0755", "home-removed"),
  ALLOW_ROOT("unset", "1", "empty", "0", "false"),
  // layout a only: what the dind and kubernetes modes use of /home/runner
  EXTERNALS("present", "missing", "root-0755", "node-not-executable"),
  TOOLS("layout", "no-cp", "no-mv", "docker-cli"),
  HOOKS("present", "missing", "not-js");

  final List<String> values;

  Dimension(String... values) {
    this.values = List.of(values);
  }

  String defaultValue() {
    return values.get(0);
  }

  /** The layout a value needs ("a", "b"), or null when both have it. */
  String layoutOnly(String value) {
    return switch (this) {
      case RUNNER_DIR -> value.equals("workdir-created") ? "b" : null;
      case LINKS ->
          value.equals("runner-dir-symlink") || value.equals("workdir-symlink") ? "b" : null;
      // in layout a the runner directory is HOME: its own dimension bends it
      case HOME -> value.equals("home-root-0755") || value.equals("home-removed") ? "b" : null;
      // the dind and kubernetes modes need the official /home/runner layout
      case EXTERNALS, TOOLS, HOOKS -> "a";
      default -> null;
    };
  }
}
