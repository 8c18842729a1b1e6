package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.fixtures.Compression;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureIndex;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.fixtures.LocalRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runnerlint inspect} end to end: fixture images on every transport (the real local
 * registry, OCI layouts and archives, docker archives), read through {@link Main#run}.
 */
class InspectCommandTest {

  static final LocalRegistry REGISTRY = LocalRegistry.shared();
  static final ObjectMapper JSON = new ObjectMapper();

  /** An executable longer than what the default capture keeps of executables (256 bytes). */
  static final String LONG_SCRIPT = "#!/bin/sh\n" + "echo 'a line of a long script'\n".repeat(40);

  static final String SUDO = "\u007fELF" + "sudo-binary-".repeat(40);

  @TempDir static Path tmp;

  static FixtureImage amd;
  static FixtureImage arm;
  static String amdDigest;
  static String armDigest;
  static String indexDigest;
  static Path layout;
  static Path single;
  static Path ociArchive;
  static Path dockerArchive;

  /**
   * Three layers (gzip, zstd, uncompressed): a merged-usr {@code /bin} symlink, a setuid sudo and
   * its hard link, a whiteout, an opaque dir, a file replaced by a symlink and a symlink loop. 17
   * entries in the merged view; the arm64 variant has one more.
   */
  static FixtureImage image(String platform) {
    return image(platform, Compression.ZSTD);
  }

  /** {@link #image(String)} with the given compression for its second layer. */
  static FixtureImage image(String platform, Compression second) {
    Layer.Builder third =
        Layer.builder()
            .compression(Compression.NONE)
            .createdBy("COPY actions-runner /actions-runner")
            .dir("/actions-runner", 0755, 1001, 1001)
            .file(
                "/actions-runner/run.sh", "#!/bin/bash\necho " + platform + "\n", 0755, 1001, 1001);
    if (platform.endsWith("arm64")) {
      third.file("/etc/arch", "arm64\n", 0644, 0, 0);
    }
    return FixtureImage.builder()
        .platform(platform)
        .user("runner")
        .workingDir("/actions-runner")
        .env("PATH=/usr/local/bin:/usr/bin:/bin")
        .env("HOME=/home/runner")
        .entrypoint("/bin/sh", "-c")
        .cmd("echo hi")
        .layer(
            Layer.builder()
                .compression(Compression.GZIP)
                .createdBy("ADD rootfs.tar /")
                .dir("/usr", 0755, 0, 0)
                .dir("/usr/bin", 0755, 0, 0)
                .file("/usr/bin/x", "#!/bin/sh\necho x\n", 0755, 0, 0)
                .file("/usr/bin/long", LONG_SCRIPT, 0755, 0, 0)
                .file("/usr/bin/sudo", SUDO, 04755, 0, 0)
                .symlink("/bin", "usr/bin")
                .dir("/etc", 0755, 0, 0)
                .file("/etc/old.conf", "old\n", 0644, 0, 0)
                .file("/etc/motd", "hello\n", 0644, 0, 0)
                .dir("/opt", 0755, 0, 0)
                .dir("/opt/cache", 0755, 0, 0)
                .file("/opt/cache/lower", "lower\n", 0644, 0, 0)
                .symlink("/loop-a", "loop-b")
                .symlink("/loop-b", "/loop-a")
                .build())
        .layer(
            Layer.builder()
                .compression(second)
                .createdBy("RUN rm /etc/old.conf && ln -sf /etc/real.conf /etc/motd")
                .whiteout("/etc/old.conf")
                .file("/etc/real.conf", "real\n", 0644, 0, 0)
                .symlink("/etc/motd", "/etc/real.conf")
                .hardlink("/usr/bin/sudoedit", "/usr/bin/sudo")
                .opaque("/opt/cache")
                .file("/opt/cache/upper", "upper\n", 0644, 0, 0)
                .build())
        .layer(third.build())
        .build();
  }

  @BeforeAll
  static void writeFixtures() {
    amd = image("linux/amd64");
    arm = image("linux/arm64");
    amdDigest = FixtureWriter.push(REGISTRY, "inspect/one:1", amd);
    armDigest = arm.digest();
    indexDigest = FixtureWriter.push(REGISTRY, "inspect/multi:1", FixtureIndex.of(amd, arm));
    layout = tmp.resolve("layout");
    FixtureWriter.ociLayout(layout, "v1", amd);
    FixtureWriter.ociLayout(layout, "multi", FixtureIndex.of(amd, arm));
    single = tmp.resolve("single");
    FixtureWriter.ociLayout(single, "only", amd);
    ociArchive = tmp.resolve("oci.tar");
    FixtureWriter.ociArchive(ociArchive, "v1", amd);
    dockerArchive = tmp.resolve("docker.tar");
    FixtureWriter.dockerArchive(dockerArchive, "acme/runner:1", amd);
  }

  // ------------------------------------------------------------------ running the CLI

  /** What one run printed and returned. */
  record Result(int code, String out, String err) {
    Result ok() {
      assertThat(code).as("exit code; stderr: %s", err).isZero();
      assertThat(err).isEmpty();
      return this;
    }

    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  static Result inspect(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("inspect"));
    all.addAll(Arrays.asList(args));
    int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  /** A failure: the exit code, nothing on stdout, and one line on stderr with no stack trace. */
  static String assertFailsWithOneLine(Result r, int code, String... mentions) {
    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(code);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).as("stderr lines").hasSize(1);
    assertThat(r.err())
        .doesNotContain("\tat ")
        .doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b");
    assertThat(r.err()).startsWith("runnerlint: ").contains(mentions);
    return r.err();
  }

  static String row(String key, String value) {
    return String.format("  %-12s %s%n", key, value);
  }

  /** The text summary of {@link #image}: every fact the fixture declares. */
  static void assertSummary(
      String out, String reference, String platform, String digest, int files) {
    assertThat(out)
        .contains(reference + System.lineSeparator())
        .contains(row("platform", platform))
        .contains(
            String.format(
                "  %-12s %s  (",
                reference.startsWith("docker-archive:") ? "image ID" : "manifest", digest))
        .contains(String.format("  %-12s %s", "layers", "3 ("))
        .contains("ADD rootfs.tar /")
        .contains(row("user", "runner"))
        .contains(row("workdir", "/actions-runner"))
        .contains(row("env", "PATH=/usr/local/bin:/usr/bin:/bin"))
        .contains(row("", "HOME=/home/runner"))
        .contains(row("entrypoint", "[\"/bin/sh\",\"-c\"]"))
        .contains(row("cmd", "[\"echo hi\"]"))
        .contains(row("files", Integer.toString(files)));
  }

  // ------------------------------------------------------------------ transports

  @Test
  void summarisesAnImageInTheRegistry() {
    String ref = REGISTRY.reference("inspect/one:1");
    Result r = inspect(ref).ok();
    assertSummary(r.out(), ref, "linux/amd64", amdDigest, 17);
    assertThat(r.out())
        .contains("(application/vnd.oci.image.manifest.v1+json)")
        .doesNotContain(row("index", ""));
    assertSummary(
        inspect("docker://" + ref).ok().out(), "docker://" + ref, "linux/amd64", amdDigest, 17);
  }

  @Test
  void summarisesAnOciLayoutByRefNameAndASingleManifestLayoutWithout() {
    assertSummary(
        inspect("oci:" + layout + ":v1").ok().out(),
        "oci:" + layout + ":v1",
        "linux/amd64",
        amdDigest,
        17);
    assertSummary(
        inspect("oci:" + single).ok().out(), "oci:" + single, "linux/amd64", amdDigest, 17);
  }

  @Test
  void aLayoutWithSeveralManifestsNeedsARefName() {
    assertFailsWithOneLine(inspect("oci:" + layout), 3, "oci:" + layout, "v1", "multi");
  }

  @Test
  void summarisesAnOciArchive() {
    assertSummary(
        inspect("oci-archive:" + ociArchive + ":v1").ok().out(),
        "oci-archive:" + ociArchive + ":v1",
        "linux/amd64",
        amdDigest,
        17);
    assertSummary(
        inspect("oci-archive:" + ociArchive).ok().out(),
        "oci-archive:" + ociArchive,
        "linux/amd64",
        amdDigest,
        17);
  }

  @Test
  void summarisesADockerArchiveByItsImageId() throws Exception {
    String ref = "docker-archive:" + dockerArchive + ":acme/runner:1";
    assertSummary(inspect(ref).ok().out(), ref, "linux/amd64", amd.configDigest(), 17);
    assertSummary(
        inspect("docker-archive:" + dockerArchive).ok().out(),
        "docker-archive:" + dockerArchive,
        "linux/amd64",
        amd.configDigest(),
        17);
    String out = inspect(ref).ok().out();
    assertThat(out)
        .as("docker save output has no manifest: its digest is the image ID")
        .contains("(config digest: the archive has no manifest)")
        .doesNotContain("  manifest     ");
    JsonNode json = inspect(ref, "--format", "json").ok().json();
    assertThat(json.get("toolVersion").asText()).isEqualTo(VersionProvider.version());
    JsonNode img = json.get("images").get(0);
    assertThat(img.get("imageId").asText()).isEqualTo(amd.configDigest());
    assertThat(img.get("manifestDigest").isNull()).isTrue();
  }

  @Test
  void jsonHasTheSameFacts() throws Exception {
    JsonNode root = inspect("--format", "json", "oci:" + layout + ":v1").ok().json();

    assertThat(root.get("images")).hasSize(1);
    JsonNode img = root.get("images").get(0);
    assertThat(img.get("reference").asText()).isEqualTo("oci:" + layout + ":v1");
    assertThat(img.get("platform").asText()).isEqualTo("linux/amd64");
    assertThat(img.get("manifestDigest").asText()).isEqualTo(amdDigest);
    assertThat(img.get("indexDigest").isNull()).isTrue();
    assertThat(img.get("layers")).hasSize(3);
    assertThat(img.get("layers").get(0).get("digest").asText())
        .isEqualTo(amd.layers().get(0).digest());
    assertThat(img.get("layers").get(0).get("size").asLong()).isEqualTo(amd.layers().get(0).size());
    assertThat(img.get("layers").get(1).get("mediaType").asText()).endsWith("zstd");
    assertThat(img.get("layers").get(1).get("createdBy").asText())
        .startsWith("RUN rm /etc/old.conf");
    JsonNode config = img.get("config");
    assertThat(config.get("User").asText()).isEqualTo("runner");
    assertThat(config.get("WorkingDir").asText()).isEqualTo("/actions-runner");
    assertThat(JSON.convertValue(config.get("Env"), List.class))
        .containsExactly("PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/home/runner");
    assertThat(JSON.convertValue(config.get("Entrypoint"), List.class))
        .containsExactly("/bin/sh", "-c");
    assertThat(JSON.convertValue(config.get("Cmd"), List.class)).containsExactly("echo hi");
    assertThat(img.get("files").asInt()).isEqualTo(17);
  }

  @Test
  void anIndexPrintsEveryPlatformInTextAndJson() throws Exception {
    String ref = REGISTRY.reference("inspect/multi:1");
    String out = inspect(ref).ok().out();
    int amdAt = out.indexOf(row("platform", "linux/amd64"));
    int armAt = out.indexOf(row("platform", "linux/arm64"));
    assertThat(amdAt).isNotNegative();
    assertThat(armAt).isGreaterThan(amdAt);
    assertSummary(out.substring(0, armAt), ref, "linux/amd64", amdDigest, 17);
    assertSummary(out.substring(armAt), "", "linux/arm64", armDigest, 18);
    assertThat(out).contains(row("index", indexDigest));

    JsonNode images = inspect(ref, "--format", "json").ok().json().get("images");
    assertThat(images)
        .extracting(i -> i.get("platform").asText())
        .containsExactly("linux/amd64", "linux/arm64");
    assertThat(images)
        .extracting(i -> i.get("manifestDigest").asText())
        .containsExactly(amdDigest, armDigest);
    assertThat(images).extracting(i -> i.get("indexDigest").asText()).containsOnly(indexDigest);
    assertThat(images).extracting(i -> i.get("files").asInt()).containsExactly(17, 18);
  }

  @Test
  void platformSelectsOneManifestOfAnIndex() {
    String out = inspect("--platform", "linux/arm64", "oci:" + layout + ":multi").ok().out();
    assertSummary(out, "oci:" + layout + ":multi", "linux/arm64", armDigest, 18);
    assertThat(out).doesNotContain("linux/amd64");
  }

  @Test
  void aPlatformNotInTheIndexListsTheAvailableOnes() {
    String ref = REGISTRY.reference("inspect/multi:1");
    assertFailsWithOneLine(
        inspect("--platform", "linux/s390x", ref),
        3,
        ref,
        "linux/s390x",
        "linux/amd64, linux/arm64");
  }

  @Test
  void aMalformedPlatformIsAUsageError() {
    assertFailsWithOneLine(inspect("--platform", "linux/", "oci:" + single), 2, "linux/");
  }

  // ------------------------------------------------------------------ --ls and --cat

  @Test
  void lsListsTheMergedDirectoryLikeLsL() {
    String ref = REGISTRY.reference("inspect/one:1");
    assertThat(inspect(ref, "--ls", "/").ok().out().lines().toList())
        .containsExactly(
            "drwxr-xr-x  1001:1001           0 actions-runner",
            "lrwxrwxrwx     0:0              0 bin -> usr/bin",
            "drwxr-xr-x     0:0              0 etc",
            "lrwxrwxrwx     0:0              0 loop-a -> loop-b",
            "lrwxrwxrwx     0:0              0 loop-b -> /loop-a",
            "drwxr-xr-x     0:0              0 opt",
            "drwxr-xr-x     0:0              0 usr");
    // through the merged-usr symlink; sudo is setuid, sudoedit its hard link
    assertThat(inspect(ref, "--ls", "/bin").ok().out().lines().toList())
        .containsExactly(
            String.format("-rwxr-xr-x     0:0     %10d long", LONG_SCRIPT.length()),
            String.format("-rwsr-xr-x     0:0     %10d sudo", SUDO.length()),
            String.format("-rwsr-xr-x     0:0     %10d sudoedit", SUDO.length()),
            "-rwxr-xr-x     0:0             17 x");
    // the whiteout removed old.conf; motd was replaced by a symlink
    assertThat(inspect(ref, "--ls", "/etc").ok().out().lines().toList())
        .containsExactly(
            "lrwxrwxrwx     0:0              0 motd -> /etc/real.conf",
            "-rw-r--r--     0:0              5 real.conf");
    // the opaque dir hides the lower layer's file
    assertThat(inspect(ref, "--ls", "/opt/cache").ok().out().lines().toList())
        .containsExactly("-rw-r--r--     0:0              6 upper");
    assertThat(inspect(ref, "--ls", "/actions-runner").ok().out())
        .contains(
            String.format(
                "-rwxr-xr-x  1001:1001  %10d run.sh", "#!/bin/bash\necho linux/amd64\n".length()));
  }

  @Test
  void lsInJsonCarriesEntriesWithTheirLayer() throws Exception {
    JsonNode ls =
        inspect("oci:" + single, "--ls", "/usr/bin", "--format", "json")
            .ok()
            .json()
            .get("images")
            .get(0)
            .get("ls");
    assertThat(ls)
        .extracting(e -> e.get("name").asText())
        .containsExactly("long", "sudo", "sudoedit", "x");
    JsonNode sudoedit = ls.get(2);
    assertThat(sudoedit.get("mode").asText()).isEqualTo("-rwsr-xr-x");
    assertThat(sudoedit.get("layer").asInt()).isEqualTo(1);
    assertThat(sudoedit.get("uid").asInt()).isZero();
  }

  @Test
  void lsOfAnIndexHeadsEachPlatform() {
    String ref = REGISTRY.reference("inspect/multi:1");
    List<String> lines = inspect(ref, "--ls", "/etc").ok().out().lines().toList();
    assertThat(lines)
        .containsExactly(
            "==> " + ref + " (linux/amd64) <==",
            "lrwxrwxrwx     0:0              0 motd -> /etc/real.conf",
            "-rw-r--r--     0:0              5 real.conf",
            "==> " + ref + " (linux/arm64) <==",
            "-rw-r--r--     0:0              6 arch",
            "lrwxrwxrwx     0:0              0 motd -> /etc/real.conf",
            "-rw-r--r--     0:0              5 real.conf");
  }

  @Test
  void catPrintsContentThroughSymlinksAndHardLinks() {
    String ref = "oci-archive:" + ociArchive;
    assertThat(inspect(ref, "--cat", "/bin/x").ok().out()).isEqualTo("#!/bin/sh\necho x\n");
    assertThat(inspect(ref, "--cat", "/etc/motd").ok().out()).isEqualTo("real\n");
    // executables longer than the default capture come out whole, whatever the path
    assertThat(inspect(ref, "--cat", "/usr/bin/long").ok().out()).isEqualTo(LONG_SCRIPT);
    assertThat(inspect(ref, "--cat", "/bin/long").ok().out()).isEqualTo(LONG_SCRIPT);
    assertThat(inspect(ref, "--cat", "/bin/sudoedit").ok().out()).isEqualTo(SUDO);
    assertThat(inspect(ref, "--cat", "/actions-runner/run.sh").ok().out())
        .isEqualTo("#!/bin/bash\necho linux/amd64\n");
  }

  @Test
  void catInJsonNamesThePathItResolvedTo() throws Exception {
    JsonNode cat =
        inspect("oci:" + single, "--cat", "/bin/x", "--format", "json")
            .ok()
            .json()
            .get("images")
            .get(0)
            .get("cat");
    assertThat(cat.get("path").asText()).isEqualTo("/bin/x");
    assertThat(cat.get("resolvedPath").asText()).isEqualTo("/usr/bin/x");
    assertThat(cat.get("content").asText()).isEqualTo("#!/bin/sh\necho x\n");
    assertThat(cat.get("truncated").asBoolean()).isFalse();
  }

  @Test
  void aMissingOrWrongLsOrCatPathIsAUsageErrorOfOneLine() {
    String ref = "oci:" + single;
    assertFailsWithOneLine(
        inspect(ref, "--cat", "/nope"), 2, ref, "linux/amd64", "--cat /nope", "no such file");
    assertFailsWithOneLine(
        inspect(ref, "--ls", "/nope/deeper"), 2, "--ls /nope/deeper", "no such file");
    assertFailsWithOneLine(
        inspect(ref, "--cat", "/etc/old.conf"), 2, "--cat /etc/old.conf", "no such file");
    assertFailsWithOneLine(inspect(ref, "--cat", "/etc"), 2, "--cat /etc", "directory");
    assertFailsWithOneLine(
        inspect(ref, "--ls", "/etc/motd"), 2, "--ls /etc/motd", "not a directory");
    assertFailsWithOneLine(
        inspect(ref, "--cat", "/etc/motd/x"), 2, "--cat /etc/motd/x", "not a directory");
    assertFailsWithOneLine(inspect(ref, "--cat", "/loop-a"), 2, "--cat /loop-a", "symlink loop");
    assertFailsWithOneLine(inspect(ref, "--ls", "/loop-b/x"), 2, "--ls /loop-b/x", "symlink loop");
  }

  @Test
  void aPathMissingOnOnePlatformPrintsNothingForTheOthers() {
    String ref = REGISTRY.reference("inspect/multi:1");
    assertFailsWithOneLine(
        inspect(ref, "--cat", "/etc/arch"), 2, ref + " (linux/amd64)", "--cat /etc/arch");
    assertThat(inspect(ref, "--platform", "linux/arm64", "--cat", "/etc/arch").ok().out())
        .isEqualTo("arm64\n");
  }

  @Test
  void aBadFormatIsAUsageError() {
    assertFailsWithOneLine(inspect("--format", "xml", "oci:" + single), 2, "--format", "xml");
  }

  // ------------------------------------------------------------------ bytes

  @Test
  void catWritesBinaryContentUnchangedWhenStdoutTakesBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    byte[] binary = new byte[300];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 7);
    }
    Path dir = tmp.resolve("binary");
    FixtureWriter.ociLayout(
        dir,
        "v1",
        FixtureImage.builder()
            .layer(Layer.builder().file("/blob.bin", binary, 0644, 0, 0).build())
            .build());

    int code =
        Main.run(
            new String[] {"inspect", "oci:" + dir, "--cat", "/blob.bin"},
            out,
            new PrintWriter(err));

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toByteArray()).isEqualTo(binary);
    Result json = inspect("oci:" + dir, "--cat", "/blob.bin", "--format", "json").ok();
    assertThat(json.out()).contains("\"contentBase64\"").doesNotContain("\"content\"");
  }

  static String stdoutOf(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Main.run(args, out, new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theByteStdoutPrintsTheSameSummary() {
    assertSummary(
        stdoutOf("inspect", "oci:" + single), "oci:" + single, "linux/amd64", amdDigest, 17);
  }

  // ------------------------------------------------------------------ network failures

  @Test
  void anUnknownTagIsOneLineExit3AndDebugShowsTheTrace() {
    String ref = REGISTRY.reference("inspect/one:nope");
    assertFailsWithOneLine(inspect(ref), 3, ref, "nope", "not found");

    Result debug = inspect("--debug", ref);
    assertThat(debug.code()).isEqualTo(3);
    assertThat(debug.err())
        .startsWith("runnerlint: " + ref)
        .contains("\tat ")
        .contains("ImageReadException");
  }

  @Test
  void anUnknownRepositoryIsNotFound() {
    String ref = REGISTRY.reference("inspect/never-pushed:1");
    assertFailsWithOneLine(inspect(ref), 3, ref, "not found");
  }

  @Test
  void aRefusedConnectionIsOneLineExit3() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String ref = "127.0.0.1:" + port + "/inspect/one:1";
    assertFailsWithOneLine(inspect(ref), 3, ref, "cannot connect to 127.0.0.1:" + port);
  }

  @Test
  void anInvalidReferenceIsAUsageError() {
    assertFailsWithOneLine(inspect("Not A/Valid:Ref!"), 2, "Not A/Valid:Ref!");
    assertFailsWithOneLine(inspect("oci:"), 2, "oci:");
  }

  @Test
  void aMissingLayoutOrArchiveIsOneLineExit3() {
    Path none = tmp.resolve("does-not-exist");
    assertFailsWithOneLine(inspect("oci:" + none), 3, "oci:" + none);
    assertFailsWithOneLine(inspect("docker-archive:" + none), 3, "docker-archive:" + none);
  }
}
