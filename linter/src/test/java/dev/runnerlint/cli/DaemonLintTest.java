package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnerlint.fixtures.CommandResult;
import dev.runnerlint.fixtures.DockerDaemon;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.LocalDaemon;
import dev.runnerlint.fixtures.LocalRegistry;
import dev.runnerlint.fixtures.PodmanService;
import java.io.File;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code docker-daemon:} against a real dockerd and a real podman service (the fixtures' harness:
 * own data roots and sockets, stopped by PID): images made with {@code docker load} of a fixture
 * archive and with {@code docker build} get the same findings as the same image read from the real
 * registry (pushed by the fixture writer, or copied out of the daemon by skopeo).
 */
class DaemonLintTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalRegistry REGISTRY = LocalRegistry.shared();

  @TempDir Path tmp;

  static Stream<LocalDaemon> daemons() {
    return Stream.of(DockerDaemon.shared(), PodmanService.shared());
  }

  /** The image's result with what names where it was read from left out. */
  static JsonNode comparable(LintCli.Run run) throws Exception {
    JsonNode images = JSON.readTree(run.out()).get("images");
    assertThat(images).as(run.toString()).hasSize(1);
    ObjectNode image = (ObjectNode) images.get(0).deepCopy();
    image.remove(List.of("reference", "repository", "digest", "durationMs"));
    // A layer's digest is its blob's: the uncompressed diff ID from a daemon, the compressed blob
    // in a registry. The layer index and createdBy still name it.
    for (JsonNode f : image.path("findings")) {
      if (f.get("layer").isObject()) {
        ((ObjectNode) f.get("layer")).remove("digest");
      }
    }
    return image;
  }

  private static LintCli.Run lintJson(String... refAndOptions) {
    String[] args = new String[refAndOptions.length + 3];
    args[0] = "lint";
    args[1] = "--format";
    args[2] = "json";
    System.arraycopy(refAndOptions, 0, args, 3, refAndOptions.length);
    return LintCli.run(args);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("daemons")
  void aLoadedFixtureArchiveGetsTheRegistrysFindingsByNameAndByImageId(LocalDaemon d)
      throws Exception {
    FixtureImage image = LintCli.broken();
    String name = "rl-daemon/broken:" + d.kind();
    Path tar = tmp.resolve("broken.tar");
    FixtureWriter.dockerArchive(tar, name, image);
    d.load(tar);
    String id = d.imageId(name);
    assertThat(id).isEqualTo(image.configDigest());

    LintCli.Run fromDaemon = lintJson("--docker-host", d.dockerHost(), "docker-daemon:" + name);
    LintCli.Run byId = lintJson("--docker-host", d.dockerHost(), "docker-daemon:" + id);
    LintCli.Run fromRegistry = lintJson(LintCli.push(name, image));

    assertThat(fromRegistry.code()).as(fromRegistry.toString()).isEqualTo(1);
    assertThat(fromDaemon.code()).as(fromDaemon.toString()).isEqualTo(1);
    assertThat(byId.code()).as(byId.toString()).isEqualTo(1);
    JsonNode expected = comparable(fromRegistry);
    assertThat(expected.get("findings")).isNotEmpty();
    assertThat(comparable(fromDaemon)).isEqualTo(expected);
    assertThat(comparable(byId)).isEqualTo(expected);
    // A daemon has no registry manifest: the digest reported is the image ID.
    JsonNode daemonImage = JSON.readTree(fromDaemon.out()).get("images").get(0);
    assertThat(daemonImage.get("digest").asText()).isEqualTo(id);
    assertThat(daemonImage.get("reference").asText()).isEqualTo("docker-daemon:" + name);
  }

  /** The "done when": {@code docker build -t x . && runnerlint lint docker-daemon:x}. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("daemons")
  void dockerBuildThenLintDockerDaemonXGetsTheFindingsOfItsCopyInTheRegistry(LocalDaemon d)
      throws Exception {
    String base = "rl-daemon/ok:" + d.kind();
    Path tar = tmp.resolve("ok.tar");
    FixtureWriter.dockerArchive(tar, base, LintCli.ok());
    d.load(tar);
    // On the conforming image: a file, and root as the user without RUNNER_ALLOW_RUNASROOT.
    d.build(
        "x",
        "FROM " + base + "\nCOPY motd /etc/motd\nUSER root\n",
        Map.of("motd", "built by docker build\n".getBytes(StandardCharsets.UTF_8)));

    LintCli.Run fromDaemon = lintJson("--docker-host", d.dockerHost(), "docker-daemon:x");

    String copy = REGISTRY.reference("rl-daemon/x:" + d.kind());
    CommandResult skopeo =
        CommandResult.run(
            List.of(
                "skopeo",
                "copy",
                "--src-daemon-host",
                d.dockerHost(),
                "--dest-tls-verify=false",
                "docker-daemon:x:latest",
                "docker://" + copy),
            null,
            null,
            Duration.ofMinutes(2));
    assertThat(skopeo.exit()).as(skopeo.toString()).isZero();
    LintCli.Run fromRegistry = lintJson(copy);

    assertThat(fromDaemon.code()).as(fromDaemon.toString()).isEqualTo(1);
    assertThat(fromRegistry.code()).as(fromRegistry.toString()).isEqualTo(1);
    JsonNode expected = comparable(fromRegistry);
    assertThat(expected.get("findings").findValuesAsText("ruleId")).contains("ARC005");
    assertThat(comparable(fromDaemon)).isEqualTo(expected);
    assertThat(JSON.readTree(fromDaemon.out()).get("images").get(0).get("digest").asText())
        .isEqualTo(d.imageId("x"));

    // inspect reads the same way: the file docker build added, and the image ID as its digest.
    LintCli.Run cat =
        LintCli.run(
            "inspect", "--docker-host", d.dockerHost(), "docker-daemon:x", "--cat", "/etc/motd");
    assertThat(cat.code()).as(cat.toString()).isZero();
    assertThat(cat.out()).isEqualTo("built by docker build\n");
    LintCli.Run inspect =
        LintCli.run("inspect", "--docker-host", d.dockerHost(), "docker-daemon:x");
    assertThat(inspect.out()).as(inspect.toString()).contains("image ID     " + d.imageId("x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("daemons")
  void anUnknownImageIsExit3WithOneLineNamingTheDaemon(LocalDaemon d) {
    LintCli.Run run =
        LintCli.run("lint", "--docker-host", d.dockerHost(), "docker-daemon:rl-daemon/absent:1");

    assertThat(run.code()).as(run.toString()).isEqualTo(3);
    assertThat(run.errLines())
        .as(run.toString())
        .containsExactly(
            "runnerlint: docker-daemon:rl-daemon/absent:1: no such image"
                + " rl-daemon/absent:1 in the daemon at "
                + d.dockerHost());
  }

  /** Loads the conforming sample into {@code d} as {@code name} ({@code docker load}). */
  private String loadOk(LocalDaemon d, String name) throws Exception {
    Path tar = Files.createTempFile(tmp, "ok", ".tar");
    FixtureWriter.dockerArchive(tar, name, LintCli.ok());
    d.load(tar);
    return name;
  }

  /** A proxy in front of the real dockerd changes its answers: the image is never a pass. */
  @Test
  void aSaveThatIsNotTheImageTheDaemonNamedOrIsCutShortIsExit3() throws Exception {
    DockerDaemon d = DockerDaemon.shared();
    String name = loadOk(d, "rl-daemon/proxied:1");
    String id = d.imageId(name);
    String other = "sha256:" + "0".repeat(64);

    Path moved = tmp.resolve("moved.sock");
    try (DaemonFaultProxy proxy =
        new DaemonFaultProxy(moved, d.socket(), body -> body.replace(id, other), Long.MAX_VALUE)) {
      LintCli.Run run =
          LintCli.run("lint", "--docker-host", "unix://" + moved, "docker-daemon:" + name);
      assertThat(run.code()).as(run.toString()).isEqualTo(3);
      assertThat(run.errLines())
          .containsExactly(
              "runnerlint: docker-daemon:"
                  + name
                  + ": the daemon at unix://"
                  + moved
                  + " saved a config with digest "
                  + id
                  + ", not the image ID "
                  + other
                  + " (did the tag move while it was read?)");
    }

    Path cut = tmp.resolve("cut.sock");
    try (DaemonFaultProxy proxy = new DaemonFaultProxy(cut, d.socket(), body -> body, 20_000)) {
      LintCli.Run run =
          LintCli.run("lint", "--docker-host", "unix://" + cut, "docker-daemon:" + name);
      assertThat(run.code()).as(run.toString()).isEqualTo(3);
      assertThat(run.errLines()).as(run.toString()).hasSize(1);
      // Close-delimited and cut 20000 bytes in, inside the data of an entry (with the sample's
      // run-helper.sh.template the cut no longer falls on a header): the index pass says so.
      assertThat(run.errLines().get(0))
          .isEqualTo(
              "runnerlint: docker-daemon:"
                  + name
                  + ": not a readable tar archive: Truncated TAR archive");
    }
  }

  /**
   * A real dockerd whose save is slowed to a byte per 100 ms behind a proxy: never idle, so only
   * {@code --timeout} stops the read, which is exit 3 with one line, never a pass.
   */
  @Test
  void aDaemonThatTricklesIsStoppedByTimeoutWithExit3AndOneLine() throws Exception {
    DockerDaemon d = DockerDaemon.shared();
    String name = loadOk(d, "rl-daemon/trickle:1");
    Path slow = tmp.resolve("slow.sock");
    try (DaemonFaultProxy proxy =
        new DaemonFaultProxy(slow, d.socket(), body -> body, 20_000, Duration.ofMillis(100))) {
      LintCli.Run run =
          LintCli.run(
              "lint",
              "--timeout",
              "2s",
              "--docker-host",
              "unix://" + slow,
              "docker-daemon:" + name);
      assertThat(run.code()).as(run.toString()).isEqualTo(3);
      assertThat(run.errLines())
          .containsExactly(
              "runnerlint: docker-daemon:"
                  + name
                  + ": timed out: --timeout 2s expired while reading from the daemon at unix://"
                  + slow);
    }
  }

  @Test
  void aDaemonThatIsNotRunningIsExit3WithOneLineNamingTheAddress() throws Exception {
    Path absent = tmp.resolve("absent.sock");
    LintCli.Run noSocket =
        LintCli.run("lint", "--docker-host", "unix://" + absent, "docker-daemon:x");
    assertThat(noSocket.code()).as(noSocket.toString()).isEqualTo(3);
    assertThat(noSocket.errLines())
        .containsExactly(
            "runnerlint: docker-daemon:x: cannot connect to the daemon at unix://"
                + absent
                + ": no such socket (is the daemon running?)");

    // A socket left behind by a daemon that stopped: nothing listens on it.
    Path stale = tmp.resolve("stale.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(stale));
    }
    assertThat(stale).exists();
    LintCli.Run refused =
        LintCli.run("lint", "--docker-host", "unix://" + stale, "docker-daemon:x");
    assertThat(refused.code()).as(refused.toString()).isEqualTo(3);
    assertThat(refused.errLines())
        .containsExactly(
            "runnerlint: docker-daemon:x: cannot connect to the daemon at unix://"
                + stale
                + ": connection refused (is the daemon running?)");
  }

  /**
   * A user who may not use the socket (here {@code nobody}, for whom the daemon's directory is
   * closed): runnerlint runs as that user in a JVM of its own, the daemon named by {@code
   * DOCKER_HOST}.
   */
  @Test
  void aSocketWithoutPermissionIsExit3WithOneLine() throws Exception {
    DockerDaemon d = DockerDaemon.shared();
    Path dir = tmp.resolve("as-nobody");
    Path lib = Files.createDirectories(dir.resolve("lib"));
    List<String> classpath = new ArrayList<>();
    int n = 0;
    for (String entry :
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
            .split(File.pathSeparator)) {
      Path from = Path.of(entry);
      if (entry.isBlank() || !Files.exists(from) || entry.contains("test-classes")) {
        continue;
      }
      Path to = lib.resolve((n++) + "-" + from.getFileName());
      if (Files.isDirectory(from)) {
        try (Stream<Path> walk = Files.walk(from)) {
          for (Path p : (Iterable<Path>) walk::iterator) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(target);
            } else {
              Files.copy(p, target);
            }
          }
        }
      } else {
        Files.copy(from, to);
      }
      classpath.add(to.toString());
    }
    try (Stream<Path> walk = Files.walk(tmp)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    String java = ProcessHandle.current().info().command().orElseThrow();
    CommandResult run =
        CommandResult.run(
            List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--",
                java,
                "-XX:-UsePerfData",
                "-cp",
                String.join(File.pathSeparator, classpath),
                "dev.runnerlint.cli.Main",
                "lint",
                "docker-daemon:x"),
            Map.of(
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "HOME", dir.toString(),
                "DOCKER_HOST", d.dockerHost()),
            dir,
            Duration.ofMinutes(2));

    assertThat(run.exit()).as(run.toString()).isEqualTo(3);
    assertThat(run.err().lines().filter(l -> !l.isBlank()))
        .as(run.toString())
        .containsExactly(
            "runnerlint: docker-daemon:x: cannot connect to the daemon at "
                + d.dockerHost()
                + ": permission denied (the socket's owner or group, e.g. 'docker', may use it)");
  }

  @Test
  void anAddressThatIsNotSupportedIsAUsageError() {
    LintCli.Run run = LintCli.run("lint", "--docker-host", "ssh://user@host", "docker-daemon:x");

    assertThat(run.code()).as(run.toString()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0))
        .contains("--docker-host")
        .contains("ssh://")
        .contains("unix:///PATH or tcp://HOST:PORT");
  }
}
