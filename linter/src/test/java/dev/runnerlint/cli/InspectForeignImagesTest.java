package dev.runnerlint.cli;

import static dev.runnerlint.cli.InspectCommandTest.assertSummary;
import static dev.runnerlint.cli.InspectCommandTest.inspect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.fixtures.Compression;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureIndex;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.LocalRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect} on images written by other tools: skopeo copies out of the test registry, and an
 * image built with umoci from real files of this host.
 */
class InspectForeignImagesTest {

  static final LocalRegistry REGISTRY = LocalRegistry.shared();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  static String run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished in time", command[0]).isTrue();
    assertThat(p.exitValue()).as("%s: %s", Arrays.toString(command), out).isZero();
    return out;
  }

  static void skopeo(Path dir, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false"));
    command.addAll(List.of(args));
    run(dir, command.toArray(String[]::new));
  }

  @Test
  void readsOciLayoutsAndDockerArchivesWrittenBySkopeo() throws Exception {
    FixtureImage amd = InspectCommandTest.image("linux/amd64");
    FixtureImage arm = InspectCommandTest.image("linux/arm64");
    String digest = FixtureWriter.push(REGISTRY, "inspect/skopeo:1", amd);

    FixtureWriter.push(REGISTRY, "inspect/skopeo-multi:1", FixtureIndex.of(amd, arm));
    // docker archives cannot hold zstd layers: skopeo refuses to convert them
    FixtureImage gzip = InspectCommandTest.image("linux/amd64", Compression.GZIP);
    FixtureWriter.push(REGISTRY, "inspect/skopeo-gzip:1", gzip);
    String source = "docker://" + REGISTRY.reference("inspect/skopeo:1");
    Path layout = tmp.resolve("layout");
    Path archive = tmp.resolve("save.tar");

    skopeo(tmp, source, "oci:" + layout + ":v1");
    skopeo(
        tmp,
        "docker://" + REGISTRY.reference("inspect/skopeo-gzip:1"),
        "docker-archive:" + archive + ":acme/skopeo:1");
    skopeo(
        tmp,
        "--all",
        "docker://" + REGISTRY.reference("inspect/skopeo-multi:1"),
        "oci:" + layout + ":multi");

    // skopeo compresses the uncompressed layer, so its manifest is a new one: the one it wrote
    String written = refDigest(layout, "v1");
    assertThat(written).isNotEqualTo(digest);
    assertSummary(
        inspect("oci:" + layout + ":v1").ok().out(),
        "oci:" + layout + ":v1",
        "linux/amd64",
        written,
        17);
    String docker = "docker-archive:" + archive + ":acme/skopeo:1";
    assertSummary(inspect(docker).ok().out(), docker, "linux/amd64", gzip.configDigest(), 17);
    assertThat(inspect(docker, "--cat", "/bin/long").ok().out())
        .isEqualTo(InspectCommandTest.LONG_SCRIPT);
    assertThat(inspect(docker, "--ls", "/opt/cache").ok().out().lines())
        .containsExactly("-rw-r--r--     0:0              6 upper");
    assertThat(inspect("docker-archive:" + archive, "--cat", "/etc/motd").ok().out())
        .isEqualTo("real\n");

    JsonNode images =
        inspect("oci:" + layout + ":multi", "--format", "json").ok().json().get("images");
    assertThat(images)
        .extracting(i -> i.get("indexDigest").asText())
        .containsOnly(refDigest(layout, "multi"));
    assertThat(images)
        .extracting(i -> i.get("platform").asText())
        .containsExactly("linux/amd64", "linux/arm64");
    assertThat(images).extracting(i -> i.get("files").asInt()).containsExactly(17, 18);
  }

  /**
   * A rootfs of real files from this host (bash, env, os-release behind the relative symlink Debian
   * uses, a merged-usr /bin), packed by umoci repack, configured by umoci config, plus a file added
   * by umoci insert, whose layer has no end-of-archive blocks.
   */
  @Test
  void readsAnImageBuiltWithUmociFromRealFiles() throws Exception {
    Path image = tmp.resolve("image");
    Path bundle = tmp.resolve("bundle");
    String ref = image + ":v1";
    run(tmp, "umoci", "init", "--layout", image.toString());
    run(tmp, "umoci", "new", "--image", ref);
    run(tmp, "umoci", "unpack", "--rootless", "--image", ref, bundle.toString());
    Path rootfs = bundle.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("usr/bin"));
    Files.createDirectories(rootfs.resolve("usr/lib"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.copy(
        Path.of("/usr/bin/bash"),
        rootfs.resolve("usr/bin/bash"),
        StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(
        Path.of("/usr/bin/env"), rootfs.resolve("usr/bin/env"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(Path.of("/etc/os-release"), rootfs.resolve("usr/lib/os-release"));
    Files.createSymbolicLink(rootfs.resolve("etc/os-release"), Path.of("../usr/lib/os-release"));
    Files.createSymbolicLink(rootfs.resolve("bin"), Path.of("usr/bin"));
    run(tmp, "umoci", "repack", "--image", ref, bundle.toString());
    run(
        tmp,
        "umoci",
        "config",
        "--image",
        ref,
        "--config.user=1001",
        "--config.workingdir=/actions-runner",
        "--config.env=HOME=/home/runner",
        "--config.entrypoint=/bin/bash");
    Path runSh = Files.writeString(tmp.resolve("run.sh"), "#!/usr/bin/env bash\necho listening\n");
    runSh.toFile().setExecutable(true, false);
    run(tmp, "umoci", "insert", "--image", ref, runSh.toString(), "/actions-runner/run.sh");
    long onDisk;
    try (Stream<Path> all = Files.walk(rootfs)) {
      onDisk = all.count() - 1;
    }
    assertThat(lastLayerEndsWithoutPadding(image))
        .as("umoci insert wrote a tar without end blocks")
        .isTrue();

    String oci = "oci:" + ref;
    String out = inspect(oci).ok().out();
    assertThat(out)
        .contains(String.format("  %-12s %s%n", "user", "1001"))
        .contains(String.format("  %-12s %s%n", "workdir", "/actions-runner"))
        .contains(String.format("  %-12s %s%n", "env", "HOME=/home/runner"))
        .contains(String.format("  %-12s %s%n", "entrypoint", "[\"/bin/bash\"]"))
        .contains(String.format("  %-12s %s", "layers", "2 ("))
        .contains("umoci insert")
        .contains(
            String.format("  %-12s %d%n", "files", onDisk + 2)); // + /actions-runner and run.sh
    assertThat(inspect(oci, "--cat", "/etc/os-release").ok().out())
        .isEqualTo(Files.readString(Path.of("/etc/os-release")));
    assertThat(inspect(oci, "--cat", "/actions-runner/run.sh").ok().out())
        .isEqualTo("#!/usr/bin/env bash\necho listening\n");
    assertThat(inspect(oci, "--ls", "/bin").ok().out().lines())
        .containsExactly(
            String.format(
                "-rwxr-xr-x %5d:%-5d %10d bash",
                owner("/usr/bin/bash"),
                group("/usr/bin/bash"),
                Files.size(Path.of("/usr/bin/bash"))),
            String.format(
                "-rwxr-xr-x %5d:%-5d %10d env",
                owner("/usr/bin/env"), group("/usr/bin/env"), Files.size(Path.of("/usr/bin/env"))));
    assertThat(inspect(oci, "--ls", "/etc").ok().out())
        .contains("os-release -> ../usr/lib/os-release");

    // binaries come out byte for byte; past the --cat bound, cut with a note on stderr
    byte[] env = Files.readAllBytes(Path.of("/usr/bin/env"));
    assertThat(catBytes(oci, "/bin/env", 0)).isEqualTo(env);
    byte[] bash = Files.readAllBytes(Path.of("/usr/bin/bash"));
    int limit = InspectCommand.CAT_LIMIT;
    assertThat(bash.length).as("bash is longer than the --cat bound").isGreaterThan(limit);
    assertThat(catBytes(oci, "/bin/bash", 1)).isEqualTo(Arrays.copyOf(bash, limit));
  }

  static long owner(String path) throws Exception {
    return ((Number) Files.getAttribute(Path.of(path), "unix:uid")).longValue();
  }

  static long group(String path) throws Exception {
    return ((Number) Files.getAttribute(Path.of(path), "unix:gid")).longValue();
  }

  /** stdout of {@code inspect --cat} as bytes, with the number of stderr lines expected. */
  static byte[] catBytes(String ref, String path, int stderrLines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"inspect", ref, "--cat", path}, out, new PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString().lines())
        .hasSize(stderrLines)
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains(
                        "--cat " + path, "output cut at " + InspectCommand.CAT_LIMIT + " bytes"));
    return out.toByteArray();
  }

  /** True when the last layer of the layout's only manifest, un-gzipped, has no zero end blocks. */
  static boolean lastLayerEndsWithoutPadding(Path layout) throws Exception {
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    JsonNode manifest =
        JSON.readTree(blob(layout, index.get("manifests").get(0).get("digest").asText()).toFile());
    JsonNode layers = manifest.get("layers");
    try (InputStream in =
        new GZIPInputStream(
            Files.newInputStream(
                blob(layout, layers.get(layers.size() - 1).get("digest").asText())))) {
      byte[] tar = in.readAllBytes();
      byte[] tail = Arrays.copyOfRange(tar, Math.max(0, tar.length - 1024), tar.length);
      return tar.length % 512 != 0 || !Arrays.equals(tail, new byte[1024]);
    }
  }

  /** The digest index.json gives the manifest or index named {@code ref}. */
  static String refDigest(Path layout, String ref) throws Exception {
    for (JsonNode m : JSON.readTree(layout.resolve("index.json").toFile()).get("manifests")) {
      if (ref.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
        return m.get("digest").asText();
      }
    }
    throw new AssertionError("no " + ref + " in " + layout);
  }

  static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
  }
}
