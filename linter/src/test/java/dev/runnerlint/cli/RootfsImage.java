package dev.runnerlint.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds images the way a platform team without our fixture builder would: a root filesystem of
 * real files from this Debian host, changed with the real shadow tools ({@code groupadd}, {@code
 * useradd}, {@code usermod} with {@code --prefix}), packed into an OCI layout with {@code umoci},
 * copied elsewhere with {@code skopeo}. One instance is one umoci layout; images in it are named by
 * tag. Every tool must exit 0, else the test fails with the tool's output.
 */
final class RootfsImage {
  private static final long TOOL_TIMEOUT_SECONDS = 120;

  /** Host files every runner rootfs gets (copied with {@code cp -a}, modes and owners kept). */
  static final List<String> HOST_FILES =
      List.of(
          "/usr/bin/bash",
          "/usr/bin/env",
          "/usr/bin/sudo",
          "/usr/bin/true",
          "/etc/passwd",
          "/etc/group",
          "/etc/shadow",
          "/etc/gshadow",
          "/etc/login.defs");

  private final Path layout;

  private RootfsImage(Path layout) {
    this.layout = layout;
  }

  /** {@code umoci init --layout DIR}. */
  static RootfsImage init(Path layout) {
    tool("umoci", "init", "--layout", layout.toString());
    return new RootfsImage(layout);
  }

  /** The skopeo-style reference of a tag in this layout: {@code oci:DIR:TAG}. */
  String oci(String tag) {
    return "oci:" + layout + ":" + tag;
  }

  private String image(String tag) {
    return layout + ":" + tag;
  }

  /**
   * A minimal merged-/usr Debian root filesystem made of this host's files, with the official
   * runner image's Dockerfile lines applied by the real shadow tools: {@code groupadd docker --gid
   * 123}, {@code useradd --uid 1001 -m -s /bin/bash runner}, {@code usermod -aG sudo,docker
   * runner}, and {@code %sudo ALL=(ALL:ALL) NOPASSWD:ALL} in {@code /etc/sudoers} (0440 root).
   */
  static Path runnerRootfs(Path rootfs) {
    try {
      Files.createDirectories(rootfs);
      tool("chmod", "0755", rootfs.toString());
      for (String dir :
          List.of("usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "etc", "home", "tmp")) {
        Files.createDirectories(rootfs.resolve(dir));
      }
      tool("chmod", "1777", rootfs.resolve("tmp").toString());
      for (String link : List.of("bin", "sbin", "lib", "lib64")) {
        Files.createSymbolicLink(rootfs.resolve(link), Path.of("usr/" + link));
      }
      List<String> cp = new ArrayList<>(List.of("cp", "-a", "--parents"));
      cp.addAll(HOST_FILES);
      cp.add(rootfs.toString());
      tool(cp.toArray(String[]::new));
      // /etc/os-release is a symlink to ../usr/lib/os-release on Debian: copy what it points to.
      tool(
          "cp",
          "-L",
          "--preserve=mode,ownership,timestamps",
          "/etc/os-release",
          rootfs.resolve("etc/os-release").toString());

      String prefix = rootfs.toString();
      // The host's databases may already hold the names the Dockerfile lines add (installing
      // docker.io adds a 'docker' group with another gid): drop them first, as a fresh base has
      // neither.
      if (hasEntry(rootfs.resolve("etc/passwd"), "runner")) {
        tool("userdel", "--prefix", prefix, "runner");
      }
      if (hasEntry(rootfs.resolve("etc/group"), "docker")) {
        tool("groupdel", "--prefix", prefix, "docker");
      }
      tool("groupadd", "--prefix", prefix, "docker", "--gid", "123");
      tool("useradd", "--prefix", prefix, "--uid", "1001", "-m", "-s", "/bin/bash", "runner");
      tool("usermod", "--prefix", prefix, "-aG", "sudo,docker", "runner");
      writeSudoers(rootfs.resolve("etc/sudoers"), "%sudo   ALL=(ALL:ALL) NOPASSWD:ALL\n");
      return rootfs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The runner directory as the actions-runner release lays it out, owned 1001:1001: {@code run.sh}
   * (0755, the given content) and {@code bin/Runner.Listener}, {@code bin/Runner.Worker}, copies of
   * a real x86-64 ELF executable ({@code /usr/bin/true}).
   */
  static Path runnerDir(Path dir, String runSh) {
    try {
      Files.createDirectories(dir.resolve("bin"));
      Path run = dir.resolve("run.sh");
      Files.writeString(run, runSh, StandardCharsets.UTF_8);
      // run.sh copies it to run-helper.sh at every start (ARC302), as in the runner release
      Files.writeString(dir.resolve("run-helper.sh.template"), runSh, StandardCharsets.UTF_8);
      tool("chmod", "0755", run.toString(), dir.toString(), dir.resolve("bin").toString());
      tool("cp", "/usr/bin/true", dir.resolve("bin/Runner.Listener").toString());
      tool("cp", "/usr/bin/true", dir.resolve("bin/Runner.Worker").toString());
      tool("chown", "-R", "1001:1001", dir.toString());
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean hasEntry(Path database, String name) throws IOException {
    return Files.readAllLines(database, StandardCharsets.UTF_8).stream()
        .anyMatch(line -> line.startsWith(name + ":"));
  }

  /** Writes a sudoers file as visudo would leave it: mode 0440, owned by root. */
  static Path writeSudoers(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tool("chown", "0:0", file.toString());
    tool("chmod", "0440", file.toString());
    return file;
  }

  /**
   * An image whose single layer is the given root filesystem: {@code umoci new}, {@code umoci
   * unpack} into {@code bundle}, copy the rootfs in, {@code umoci repack}.
   */
  void fromRootfs(Path rootfs, String tag, Path bundle) {
    String empty = tag + "-empty";
    tool("umoci", "new", "--image", image(empty));
    tool("umoci", "unpack", "--image", image(empty), bundle.toString());
    tool("cp", "-a", rootfs + "/.", bundle.resolve("rootfs") + "/");
    tool("chmod", "0755", bundle.resolve("rootfs").toString());
    tool(
        "umoci",
        "repack",
        "--history.created_by",
        "rootfs of " + rootfs.getFileName(),
        "--image",
        image(tag),
        bundle.toString());
  }

  /** {@code umoci insert}: a new layer with {@code source} at {@code target}, as tag {@code to}. */
  void insert(String from, String to, Path source, String target) {
    tool(
        "umoci",
        "insert",
        "--history.created_by",
        "COPY " + source.getFileName() + " " + target,
        "--image",
        image(from),
        "--tag",
        to,
        source.toString(),
        target);
  }

  /**
   * {@code umoci insert --whiteout}: a new layer that removes {@code target}, as tag {@code to}.
   */
  void whiteout(String from, String to, String target) {
    tool("umoci", "insert", "--whiteout", "--image", image(from), "--tag", to, target);
  }

  /**
   * {@code umoci config} with the given options (e.g. {@code --config.user runner}), as tag {@code
   * to}.
   */
  void config(String from, String to, String... options) {
    List<String> command =
        new ArrayList<>(List.of("umoci", "config", "--image", image(from), "--tag", to));
    command.addAll(Arrays.asList(options));
    tool(command.toArray(String[]::new));
  }

  /**
   * {@code umoci unpack} the image into {@code bundle}, let {@code edit} change the unpacked root
   * filesystem, {@code umoci repack} it as tag {@code to}: umoci diffs the tree, so a deleted file
   * becomes a whiteout in the new layer.
   */
  void edit(String from, String to, Path bundle, Consumer<Path> edit) {
    tool("umoci", "unpack", "--image", image(from), bundle.toString());
    edit.accept(bundle.resolve("rootfs"));
    tool(
        "umoci",
        "repack",
        "--history.created_by",
        "RUN edit",
        "--image",
        image(to),
        bundle.toString());
  }

  /** {@code skopeo copy oci:LAYOUT:TAG DESTINATION} (plain HTTP to the loopback registry). */
  void copy(String tag, String destination) {
    tool(
        "skopeo",
        "--insecure-policy",
        "copy",
        "-q",
        "--dest-tls-verify=false",
        oci(tag),
        destination);
  }

  /** Runs a tool, fails the test with its output unless it exits 0 in time; returns its output. */
  static String tool(String... command) {
    Path log = null;
    try {
      log = Files.createTempFile("runnerlint-tool-", ".log");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command) + ": still running after " + TOOL_TIMEOUT_SECONDS + " s");
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(
            String.join(" ", command) + ": exit " + p.exitValue() + "\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command[0], e);
    } finally {
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException ignored) {
          // a leftover log in the temp directory is harmless
        }
      }
    }
  }
}
