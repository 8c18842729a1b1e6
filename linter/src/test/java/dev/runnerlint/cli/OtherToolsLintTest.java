package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.fixtures.LocalRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runnerlint lint} on runner images built as a platform team would build them without our
 * fixture builder: a root filesystem of this Debian host's real files, the official runner image's
 * Dockerfile lines applied with the real shadow tools, packed with {@code umoci}, copied with
 * {@code skopeo}. The conforming image has zero findings; each variant, made with the same tools,
 * breaks one rule and gets exactly that finding.
 */
class OtherToolsLintTest {
  private static final String RUNNER_DIR = "/home/runner";
  private static final String RUN_SH =
      "#!/bin/bash\n# stand-in for the actions runner's run.sh\nexec \"$(dirname \"$0\")/bin/Runner.Listener\" run \"$@\"\n";
  private static final String PATH_ENV =
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalRegistry REGISTRY = LocalRegistry.shared();

  @TempDir static Path tmp;
  private static Path rootfs;
  private static RootfsImage images;

  /**
   * Layer 1: the rootfs ({@code umoci repack}); layer 2: the runner directory ({@code umoci
   * insert}); config: {@code USER runner}, {@code WORKDIR /home/runner}, {@code HOME}, {@code
   * PATH}.
   */
  @BeforeAll
  static void buildTheOfficialLayout() {
    assertThat(RootfsImage.tool("id", "-u").trim())
        .as(
            "these tests build images with real ownership (umoci unpack, chown): run them as root,"
                + " as .ci/run does")
        .isEqualTo("0");
    rootfs = RootfsImage.runnerRootfs(tmp.resolve("rootfs"));
    images = RootfsImage.init(tmp.resolve("layout"));
    images.fromRootfs(rootfs, "rootfs", tmp.resolve("bundle"));
    images.insert(
        "rootfs", "files", RootfsImage.runnerDir(tmp.resolve("runner"), RUN_SH), RUNNER_DIR);
    images.config(
        "files",
        "runner",
        "--config.user",
        "runner",
        "--config.workingdir",
        RUNNER_DIR,
        "--config.env",
        "HOME=/home/runner",
        "--config.env",
        PATH_ENV);
  }

  @Test
  void theOfficialLayoutBuiltWithUmociHasZeroFindings() {
    Lint lint = lint(images.oci("runner"));

    assertThat(lint.exitCode()).as(lint.toString()).isZero();
    JsonNode image = lint.onlyImage();
    assertThat(image.get("findings")).as(lint.toString()).isEmpty();
    assertThat(image.get("platform").asText()).isEqualTo("linux/amd64");
    for (JsonNode rule : image.get("rules")) {
      String id = rule.get("id").asText();
      String expected = id.equals("ARC005") ? "skipped" : "passed"; // ARC005: only for root
      assertThat(rule.get("status").asText()).as("%s: %s", id, rule).isEqualTo(expected);
    }
    Run text = run("lint", "--runner-dir", RUNNER_DIR, "--no-color", images.oci("runner"));
    assertThat(text.exitCode).as(text.toString()).isZero();
    assertThat(text.stdout).contains("no findings").contains("0 errors, 0 warnings, 0 notes");
  }

  @Test
  void theImageIsWhatTheToolsMade() throws IOException {
    String home = inspect("--ls", RUNNER_DIR, images.oci("runner"));
    assertThat(home)
        .containsPattern("-rwxr-xr-x +1001:1001 +\\d+ run\\.sh")
        .containsPattern("drwxr-xr-x +1001:1001 +\\d+ bin")
        .contains(".bashrc"); // useradd -m copied the skeleton
    assertThat(inspect("--ls", "/usr/bin", images.oci("runner")))
        .containsPattern("-rwsr-xr-x +0:0 +\\d+ sudo");
    assertThat(inspect("--cat", "/etc/group", images.oci("runner")))
        .containsPattern("(?m)^docker:x:123:runner$")
        .containsPattern("(?m)^sudo:x:27:runner$");
    assertThat(inspect("--cat", "/etc/os-release", images.oci("runner"))).contains("ID=debian");
    String config = inspect(images.oci("runner"));
    assertThat(config)
        .contains("user         runner")
        .contains("workdir      /home/runner")
        .contains("layers       2");
    // The layer umoci insert wrote ends right after run.sh's data: no padding to a 512-byte
    // record and no end-of-archive blocks (GNU tar calls it an unexpected EOF; Docker reads it).
    assertThat(uncompressedSize(lastLayer("runner")) % 512)
        .as("umoci insert's layer ends without tar padding")
        .isNotZero();
  }

  @Test
  void theRegistryOciArchiveAndDockerArchiveCopiesGetTheSameVerdict() {
    images.copy("runner", "docker://" + REGISTRY.reference("acme/runner:1"));
    Path dockerArchive = tmp.resolve("runner-docker.tar");
    images.copy("runner", "docker-archive:" + dockerArchive + ":acme/runner:1");
    Path ociArchive = tmp.resolve("runner-oci.tar");
    images.copy("runner", "oci-archive:" + ociArchive + ":1");

    Lint lint =
        lint(
            images.oci("runner"),
            REGISTRY.reference("acme/runner:1"),
            "docker-archive:" + dockerArchive,
            "oci-archive:" + ociArchive + ":1");

    assertThat(lint.exitCode()).as(lint.toString()).isZero();
    assertThat(lint.json.get("images")).hasSize(4);
    for (JsonNode image : lint.json.get("images")) {
      assertThat(image.get("error").isNull()).as(image.toString()).isTrue();
      assertThat(image.get("platform").asText()).isEqualTo("linux/amd64");
      assertThat(image.get("findings")).as(image.toString()).isEmpty();
    }
    // skopeo pushes the OCI manifest unchanged: the registry serves the layout's digest.
    assertThat(lint.json.get("images").get(1).get("digest"))
        .isEqualTo(lint.json.get("images").get(0).get("digest"));
  }

  @Test
  void aFailingImageGetsTheSameVerdictOnEveryTransport() {
    images.whiteout("runner", "gone-transports", RUNNER_DIR + "/run.sh");
    images.copy("gone-transports", "docker://" + REGISTRY.reference("acme/runner:gone"));
    Path dockerArchive = tmp.resolve("gone-docker.tar");
    images.copy("gone-transports", "docker-archive:" + dockerArchive + ":acme/runner:gone");

    Lint lint =
        lint(
            images.oci("gone-transports"),
            REGISTRY.reference("acme/runner:gone"),
            "docker-archive:" + dockerArchive);

    assertThat(lint.exitCode()).as(lint.toString()).isEqualTo(1);
    assertThat(lint.json.get("images")).hasSize(3);
    for (JsonNode image : lint.json.get("images")) {
      assertThat(ruleIds(image)).as(image.toString()).containsExactly("ARC001");
    }
  }

  /**
   * The rootfs layer alone, before the runner directory and the config: what a user sees who lints
   * too early. The users, groups and sudo from the shadow tools already pass.
   */
  @Test
  void theRootfsWithoutRunnerOrConfigFailsTheContractRules() {
    Lint lint = lint(images.oci("rootfs"));

    assertThat(lint.exitCode()).as(lint.toString()).isEqualTo(1);
    JsonNode image = lint.onlyImage();
    assertThat(ruleIds(image))
        .as(lint.toString())
        .containsExactlyInAnyOrder(
            "ARC001", "ARC004", "ARC005", "ARC007", "ARC007", "ARC102", "ARC106");
    for (JsonNode finding : image.get("findings")) {
      if (finding.get("ruleId").asText().equals("ARC106")) {
        assertThat(finding.get("message").asText()).contains("is /root (from /etc/passwd)");
        assertThat(finding.get("fix").asText()).isEqualTo("ENV HOME=/home/runner");
      }
    }
  }

  @Test
  void workdirSetWronglyWithUmociConfigIsArc004() {
    images.config("runner", "workdir", "--config.workingdir", "/");
    assertOnly("workdir", 1, "ARC004").contains("WorkingDir is /, expected /home/runner");
  }

  @Test
  void runningAsRootWithoutRunnerAllowRunasrootIsArc005AndArc102() {
    images.config("runner", "root", "--config.user", "root");
    assertOnly("root", 1, "ARC005", "ARC102").contains("RUNNER_ALLOW_RUNASROOT");

    images.config("root", "root-allowed", "--config.env", "RUNNER_ALLOW_RUNASROOT=1");
    assertOnly("root-allowed", 0, "ARC102");
  }

  @Test
  void runShWithoutTheExecutableBitIsArc002() throws IOException {
    Path runSh = copyOfRunSh("run644.sh", RUN_SH);
    RootfsImage.tool("chmod", "644", runSh.toString());
    images.insert("runner", "run644", runSh, RUNNER_DIR + "/run.sh");
    assertOnly("run644", 1, "ARC002").contains("-rw-r--r-- 1001:1001");
  }

  @Test
  void runShWithCrlfLineEndingsIsArc003() throws IOException {
    Path runSh = copyOfRunSh("run-crlf.sh", RUN_SH.replace("\n", "\r\n"));
    images.insert("runner", "crlf", runSh, RUNNER_DIR + "/run.sh");
    assertOnly("crlf", 1, "ARC003").contains("CRLF");
  }

  @Test
  void runShForAShellTheImageLacksIsArc003() throws IOException {
    Path runSh = copyOfRunSh("run-zsh.sh", RUN_SH.replace("#!/bin/bash", "#!/bin/zsh"));
    images.insert("runner", "zsh", runSh, RUNNER_DIR + "/run.sh");
    assertOnly("zsh", 1, "ARC003").contains("/bin/zsh does not exist");
  }

  /** {@code groupadd docker} without {@code --gid 123} takes the next free GID from login.defs. */
  @Test
  void dockerGroupWithAnotherGidIsArc103() throws IOException {
    Path prefix = tmp.resolve("docker-gid");
    Files.createDirectories(prefix.resolve("etc"));
    for (String file : List.of("passwd", "group", "shadow", "gshadow", "login.defs")) {
      RootfsImage.tool(
          "cp", "-a", rootfs.resolve("etc/" + file).toString(), prefix.resolve("etc").toString());
    }
    RootfsImage.tool("groupdel", "--prefix", prefix.toString(), "docker");
    RootfsImage.tool("groupadd", "--prefix", prefix.toString(), "docker");
    RootfsImage.tool("usermod", "--prefix", prefix.toString(), "-aG", "docker", "runner");
    images.insert("runner", "docker-gid", prefix.resolve("etc/group"), "/etc/group");

    assertOnly("docker-gid", 0, "ARC103").contains("group 'docker'").contains("expected 123");
  }

  @Test
  void sudoersWithoutNopasswdIsArc105() {
    Path sudoers =
        RootfsImage.writeSudoers(tmp.resolve("sudoers-passwd"), "%sudo   ALL=(ALL:ALL) ALL\n");
    images.insert("runner", "sudo-passwd", sudoers, "/etc/sudoers");
    assertOnly("sudo-passwd", 0, "ARC105").contains("asks for a password");
  }

  @Test
  void sudoWithoutTheSetuidBitIsArc104() {
    Path sudo = tmp.resolve("sudo-nosuid");
    RootfsImage.tool("cp", "-a", rootfs.resolve("usr/bin/sudo").toString(), sudo.toString());
    RootfsImage.tool("chmod", "u-s", sudo.toString());
    images.insert("runner", "sudo-nosuid", sudo, "/usr/bin/sudo");
    assertOnly("sudo-nosuid", 0, "ARC104").contains("setuid");
  }

  @Test
  void runShRemovedByAWhiteoutFromUmociInsertIsArc001() {
    images.whiteout("runner", "whiteout", RUNNER_DIR + "/run.sh");
    assertOnly("whiteout", 1, "ARC001").contains("/home/runner/run.sh does not exist");
  }

  @Test
  void runShDeletedBetweenUnpackAndRepackIsArc001() {
    images.edit(
        "runner",
        "deleted",
        tmp.resolve("bundle-deleted"),
        root -> {
          try {
            Files.delete(root.resolve("home/runner/run.sh"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    assertThat(inspect(images.oci("deleted"))).contains("layers       3");
    assertOnly("deleted", 1, "ARC001").contains("/home/runner/run.sh does not exist");
  }

  // ---------------------------------------------------------------------------------------------

  private static Path copyOfRunSh(String name, String content) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, content);
    RootfsImage.tool("chmod", "0755", file.toString());
    RootfsImage.tool("chown", "1001:1001", file.toString());
    return file;
  }

  /**
   * Lints {@code oci:LAYOUT:tag}, asserts the exit code and that the findings come from exactly the
   * given rules; returns the text of the findings' messages for further checks.
   */
  private static AbstractStringAssert<?> assertOnly(String tag, int exitCode, String... ruleIds) {
    Lint lint = lint(images.oci(tag));
    JsonNode image = lint.onlyImage();
    assertThat(image.get("error").isNull()).as(lint.toString()).isTrue();
    assertThat(ruleIds(image)).as(lint.toString()).containsExactlyInAnyOrder(ruleIds);
    assertThat(lint.exitCode()).as(lint.toString()).isEqualTo(exitCode);
    StringBuilder messages = new StringBuilder();
    image.get("findings").forEach(f -> messages.append(f.get("message").asText()).append('\n'));
    return assertThat(messages.toString());
  }

  private static List<String> ruleIds(JsonNode image) {
    List<String> ids = new ArrayList<>();
    image.get("findings").forEach(f -> ids.add(f.get("ruleId").asText()));
    return ids;
  }

  private record Run(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  private record Lint(Run run, JsonNode json) {
    int exitCode() {
      return run.exitCode;
    }

    JsonNode onlyImage() {
      assertThat(json.get("images")).as(toString()).hasSize(1);
      return json.get("images").get(0);
    }

    @Override
    public String toString() {
      return run.toString();
    }
  }

  /** The CLI in this JVM: {@code Main.run(args, out, err)}. */
  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(LintCli.withoutSharedCache(args), new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code runnerlint lint --runner-dir /home/runner --format json IMAGE...}. */
  private static Lint lint(String... images) {
    List<String> args =
        new ArrayList<>(List.of("lint", "--runner-dir", RUNNER_DIR, "--format", "json"));
    args.addAll(List.of(images));
    Run run = run(args.toArray(String[]::new));
    try {
      return new Lint(run, JSON.readTree(run.stdout));
    } catch (IOException e) {
      throw new AssertionError("lint did not print JSON: " + run, e);
    }
  }

  /** {@code runnerlint inspect ARGS...}, which must exit 0; returns its stdout. */
  private static String inspect(String... args) {
    List<String> all = new ArrayList<>(List.of("inspect"));
    all.addAll(List.of(args));
    Run run = run(all.toArray(String[]::new));
    assertThat(run.exitCode).as("inspect %s: %s", all, run).isZero();
    return run.stdout;
  }

  /** The last layer blob of a tag in the umoci layout, read from index.json and the manifest. */
  private static Path lastLayer(String tag) throws IOException {
    Path layout = tmp.resolve("layout");
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    for (JsonNode m : index.get("manifests")) {
      if (tag.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
        JsonNode manifest = JSON.readTree(blob(layout, m.get("digest").asText()).toFile());
        JsonNode layers = manifest.get("layers");
        return blob(layout, layers.get(layers.size() - 1).get("digest").asText());
      }
    }
    throw new AssertionError("no tag " + tag + " in " + index);
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private static long uncompressedSize(Path gzipBlob) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipBlob))) {
      return in.transferTo(OutputStream.nullOutputStream());
    }
  }
}
