package dev.runnerlint.cli;

import static dev.runnerlint.cli.InspectCommandTest.assertFailsWithOneLine;
import static dev.runnerlint.cli.InspectCommandTest.assertSummary;
import static dev.runnerlint.cli.InspectCommandTest.inspect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnerlint.fixtures.Compression;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.fixtures.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images {@code inspect} cannot read: each is exit 3 and one line naming the image and the cause
 * (credentials never printed); a bad reference is exit 2.
 */
class InspectFailuresTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String USER = "alice";
  static final String PASSWORD = "s3cret-Pa55w0rd";
  static final String WRONG_PASSWORD = "wr0ng-Pa55w0rd-xyz";

  static LocalRegistry auth;
  static FixtureImage image;
  static String digest;

  @TempDir static Path tmp;

  @BeforeAll
  static void startAuthRegistry() {
    image = InspectCommandTest.image("linux/amd64");
    auth = LocalRegistry.startWithBasicAuth(USER, PASSWORD);
    digest = FixtureWriter.push(auth, "private/runner:1", image);
  }

  @AfterAll
  static void stopAuthRegistry() {
    auth.close();
  }

  /** A Docker config dir whose config.json holds {@code user:password} for the auth registry. */
  static Path dockerConfig(String name, String user, String password) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    String token =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        dir.resolve("config.json"),
        "{\"auths\":{\"" + auth.hostPort() + "\":{\"auth\":\"" + token + "\"}}}");
    return dir;
  }

  @Test
  void rightCredentialsFromTheDockerConfigReadTheImage() throws Exception {
    Path config = dockerConfig("right", USER, PASSWORD);
    String ref = auth.reference("private/runner:1");

    InspectCommandTest.Result r = inspect("--docker-config", config.toString(), ref).ok();

    assertSummary(r.out(), ref, "linux/amd64", digest, 17);
  }

  @Test
  void wrongCredentialsNameTheConfigFileButNeverThePassword() throws Exception {
    Path config = dockerConfig("wrong", USER, WRONG_PASSWORD);
    String ref = auth.reference("private/runner:1");

    InspectCommandTest.Result r = inspect("--docker-config", config.toString(), ref);

    assertFailsWithOneLine(r, 3, ref, "unauthorized", config.resolve("config.json").toString());
    String token =
        Base64.getEncoder()
            .encodeToString((USER + ":" + WRONG_PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertThat(r.out() + r.err()).doesNotContain(WRONG_PASSWORD).doesNotContain(token);
    InspectCommandTest.Result debug = inspect("--debug", "--docker-config", config.toString(), ref);
    assertThat(debug.code()).isEqualTo(3);
    assertThat(debug.out() + debug.err()).doesNotContain(WRONG_PASSWORD).doesNotContain(token);
  }

  @Test
  void noCredentialsSaysAnonymousAccessWasRefused() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    String ref = auth.reference("private/runner:1");

    assertFailsWithOneLine(
        inspect("--docker-config", empty.toString(), ref),
        3,
        ref,
        "unauthorized",
        "no credentials for " + auth.hostPort(),
        empty.resolve("config.json").toString());
  }

  // ------------------------------------------------------------------ corrupted blobs

  static FixtureImage unique(String marker) {
    return FixtureImage.builder()
        .layer(
            Layer.builder()
                .compression(Compression.GZIP)
                .createdBy("ADD base")
                .file("/etc/base", "base " + marker + "\n")
                .build())
        .layer(
            Layer.builder()
                .compression(Compression.GZIP)
                .createdBy("ADD marker")
                .file("/etc/marker", marker.repeat(200) + "\n")
                .build())
        .build();
  }

  static void flipAByte(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(file, bytes);
  }

  @Test
  void aCorruptedBlobInTheRegistryIsADigestMismatch() throws Exception {
    LocalRegistry registry = LocalRegistry.shared();
    FixtureImage img = unique("registry-corrupt");
    FixtureWriter.push(registry, "inspect/corrupt:1", img);
    Layer layer = img.layers().get(1);
    flipAByte(registry.blobDataPath(layer.digest()));
    String ref = registry.reference("inspect/corrupt:1");

    assertFailsWithOneLine(inspect(ref), 3, ref, "layer 1", "digest mismatch");
  }

  @Test
  void aCorruptedBlobInAnOciLayoutIsADigestMismatch() throws Exception {
    FixtureImage img = unique("layout-corrupt");
    Path dir = tmp.resolve("corrupt-layout");
    FixtureWriter.ociLayout(dir, "v1", img);
    flipAByte(blob(dir, img.layers().get(0).digest()));

    assertFailsWithOneLine(
        inspect("oci:" + dir + ":v1"), 3, "oci:" + dir + ":v1", "layer 0", "digest mismatch");
  }

  @Test
  void aCorruptedConfigInAnOciLayoutIsADigestMismatch() throws Exception {
    FixtureImage img = unique("config-corrupt");
    Path dir = tmp.resolve("corrupt-config");
    FixtureWriter.ociLayout(dir, "v1", img);
    flipAByte(blob(dir, img.configDigest()));

    assertFailsWithOneLine(inspect("oci:" + dir), 3, "oci:" + dir, "digest mismatch");
  }

  // ------------------------------------------------------------------ bytes that are not what they
  // claim

  static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
  }

  static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** Adds a blob to a layout and returns its digest. */
  static String putBlob(Path layout, byte[] bytes) throws Exception {
    String digest = sha256(bytes);
    Files.write(blob(layout, digest), bytes);
    return digest;
  }

  /**
   * Edits the only manifest of a layout and stores it under its new digest, so every digest still
   * matches: what is wrong is the content, not its integrity.
   */
  static void editManifest(Path layout, Consumer<ObjectNode> edit) throws Exception {
    ObjectNode index = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
    ObjectNode descriptor = (ObjectNode) index.get("manifests").get(0);
    ObjectNode manifest =
        (ObjectNode) JSON.readTree(blob(layout, descriptor.get("digest").asText()).toFile());
    edit.accept(manifest);
    byte[] bytes = JSON.writeValueAsBytes(manifest);
    descriptor.put("digest", putBlob(layout, bytes));
    descriptor.put("size", bytes.length);
    Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
  }

  @Test
  void anUnknownLayerMediaTypeIsUnsupported() throws Exception {
    Path dir = tmp.resolve("lz4");
    FixtureWriter.ociLayout(dir, "v1", unique("lz4"));
    editManifest(
        dir,
        m ->
            ((ObjectNode) m.get("layers").get(1))
                .put("mediaType", "application/vnd.oci.image.layer.v1.tar+lz4"));

    assertFailsWithOneLine(
        inspect("oci:" + dir),
        3,
        "oci:" + dir,
        "layer 1",
        "application/vnd.oci.image.layer.v1.tar+lz4");
  }

  @Test
  void aForeignLayerIsUnsupported() throws Exception {
    Path dir = tmp.resolve("foreign");
    FixtureWriter.ociLayout(dir, "v1", unique("foreign"));
    editManifest(
        dir,
        m ->
            ((ObjectNode) m.get("layers").get(0))
                .put("mediaType", "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"));

    assertFailsWithOneLine(inspect("oci:" + dir), 3, "oci:" + dir, "layer 0", "foreign");
  }

  @Test
  void aDockerSchema1ManifestIsUnsupported() throws Exception {
    Path dir = tmp.resolve("schema1");
    FixtureWriter.ociLayout(dir, "v1", unique("schema1"));
    byte[] schema1 =
        ("{\"schemaVersion\":1,\"name\":\"acme/old\",\"tag\":\"1\",\"architecture\":\"amd64\","
                + "\"fsLayers\":[],\"history\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    ObjectNode index = (ObjectNode) JSON.readTree(dir.resolve("index.json").toFile());
    ((ObjectNode) index.get("manifests").get(0))
        .put("mediaType", "application/vnd.docker.distribution.manifest.v1+prettyjws")
        .put("digest", putBlob(dir, schema1))
        .put("size", schema1.length);
    Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));

    assertFailsWithOneLine(
        inspect("oci:" + dir), 3, "oci:" + dir, "unsupported manifest", "schema 1");
  }

  @Test
  void aCorruptGzipLayerIsCorrupt() throws Exception {
    Path dir = tmp.resolve("badgzip");
    FixtureImage img = unique("badgzip");
    FixtureWriter.ociLayout(dir, "v1", img);
    byte[] gzip = img.layers().get(1).blob();
    byte[] broken = java.util.Arrays.copyOf(gzip, gzip.length);
    for (int i = 20; i < 40; i++) {
      broken[i] ^= 0x5a;
    }
    String brokenDigest = putBlob(dir, broken);
    editManifest(dir, m -> ((ObjectNode) m.get("layers").get(1)).put("digest", brokenDigest));

    assertFailsWithOneLine(inspect("oci:" + dir), 3, "oci:" + dir, "layer 1", "gzip");
  }

  @Test
  void aTruncatedGzipLayerIsCorrupt() throws Exception {
    Path dir = tmp.resolve("shortgzip");
    FixtureImage img = unique("shortgzip");
    FixtureWriter.ociLayout(dir, "v1", img);
    byte[] gzip = img.layers().get(0).blob();
    byte[] cut = java.util.Arrays.copyOf(gzip, gzip.length / 2);
    String cutDigest = putBlob(dir, cut);
    editManifest(
        dir,
        m ->
            ((ObjectNode) m.get("layers").get(0)).put("digest", cutDigest).put("size", cut.length));

    assertFailsWithOneLine(inspect("oci:" + dir), 3, "oci:" + dir, "layer 0");
  }

  @Test
  void aCorruptZstdLayerIsCorrupt() throws Exception {
    Path dir = tmp.resolve("badzstd");
    FixtureImage img =
        FixtureImage.builder()
            .layer(
                Layer.builder()
                    .compression(Compression.ZSTD)
                    .file("/etc/x", "zstd ".repeat(500))
                    .build())
            .build();
    FixtureWriter.ociLayout(dir, "v1", img);
    byte[] zstd = img.layers().get(0).blob();
    byte[] broken = java.util.Arrays.copyOf(zstd, zstd.length);
    for (int i = 6; i < broken.length; i++) {
      broken[i] ^= 0x5a;
    }
    String brokenDigest = putBlob(dir, broken);
    editManifest(dir, m -> ((ObjectNode) m.get("layers").get(0)).put("digest", brokenDigest));

    assertFailsWithOneLine(inspect("oci:" + dir), 3, "oci:" + dir, "layer 0", "zstd");
  }

  @Test
  void aManifestThatIsNotJsonIsOneLine() throws Exception {
    Path dir = tmp.resolve("notjson");
    FixtureWriter.ociLayout(dir, "v1", unique("notjson"));
    ObjectNode index = (ObjectNode) JSON.readTree(dir.resolve("index.json").toFile());
    byte[] garbage = "this is not a manifest\n".getBytes(StandardCharsets.UTF_8);
    ((ObjectNode) index.get("manifests").get(0))
        .put("digest", putBlob(dir, garbage))
        .put("size", garbage.length);
    Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));

    assertFailsWithOneLine(inspect("oci:" + dir), 3, "oci:" + dir);
  }
}
