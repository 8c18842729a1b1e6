package dev.runnerlint.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  private static final String D = "sha256:" + "a".repeat(64);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "-",
      value = {
        // text, registry, name, tag, digest, repository
        "ubuntu, docker.io, library/ubuntu, latest, -, docker.io/library/ubuntu",
        "ubuntu:22.04, docker.io, library/ubuntu, 22.04, -, docker.io/library/ubuntu",
        "docker.io/ubuntu, docker.io, library/ubuntu, latest, -, docker.io/library/ubuntu",
        "docker://ubuntu, docker.io, library/ubuntu, latest, -, docker.io/library/ubuntu",
        "acme/runner:1, docker.io, acme/runner, 1, -, docker.io/acme/runner",
        "ghcr.io/acme/runner:2.3, ghcr.io, acme/runner, 2.3, -, ghcr.io/acme/runner",
        "docker://ghcr.io/actions/actions-runner:latest, ghcr.io, actions/actions-runner, latest, -,"
            + " ghcr.io/actions/actions-runner",
        "127.0.0.1:5000/acme/runner:1, 127.0.0.1:5000, acme/runner, 1, -, 127.0.0.1:5000/acme/runner",
        "localhost:5000/a/b/c, localhost:5000, a/b/c, latest, -, localhost:5000/a/b/c",
        "[::1]:5000/acme/runner:1, [::1]:5000, acme/runner, 1, -, [::1]:5000/acme/runner",
      })
  void parsesRegistryReferences(
      String text, String registry, String name, String tag, String digest, String repository) {
    RegistryReference r = (RegistryReference) ImageReference.parse(text);
    assertThat(r.registry()).isEqualTo(registry);
    assertThat(r.name()).isEqualTo(name);
    assertThat(r.tag()).isEqualTo(Optional.ofNullable(tag));
    assertThat(r.digest()).isEqualTo(Optional.ofNullable(digest));
    assertThat(r.repository()).isEqualTo(repository);
    assertThat(r.toString()).isEqualTo(text);
  }

  @Test
  void digestPinnedReferenceKeepsTagAndAsksForTheDigest() {
    RegistryReference r = (RegistryReference) ImageReference.parse("ghcr.io/a/b:1@" + D);
    assertThat(r.tag()).contains("1");
    assertThat(r.digest()).contains(D);
    assertThat(r.qualifier()).isEqualTo(D);
    assertThat(r.repository()).isEqualTo("ghcr.io/a/b");

    RegistryReference noTag = (RegistryReference) ImageReference.parse("ghcr.io/a/b@" + D);
    assertThat(noTag.tag()).isEmpty();
    assertThat(noTag.canonical()).isEqualTo("ghcr.io/a/b@" + D);
  }

  @ParameterizedTest(name = "{0} loopback={1}")
  @CsvSource({
    "localhost:5000/a, true",
    "localhost/a, true",
    "127.0.0.1:5000/a, true",
    "127.255.3.4:80/a, true",
    "[::1]:5000/a, true",
    "ghcr.io/a, false",
    "128.0.0.1:5000/a, false",
    "localhost.example.com/a, false",
    "127.0.0.1.nip.io/a, false",
  })
  void detectsLoopbackRegistries(String text, boolean loopback) {
    assertThat(((RegistryReference) ImageReference.parse(text)).isLoopback()).isEqualTo(loopback);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "-",
      value = {
        // text, dir, ref, repository
        "oci:/tmp/layout, /tmp/layout, -, layout",
        "oci:/tmp/layout:v1, /tmp/layout, v1, layout",
        "oci:rel/dir:latest, rel/dir, latest, dir",
      })
  void parsesOciLayouts(String text, String dir, String ref, String repository) {
    OciLayoutReference r = (OciLayoutReference) ImageReference.parse(text);
    assertThat(r.dir()).isEqualTo(Path.of(dir));
    assertThat(r.ref()).isEqualTo(Optional.ofNullable(ref));
    assertThat(r.repository()).isEqualTo(repository);
    assertThat(r.toString()).isEqualTo(text);
  }

  @Test
  void parsesOciArchives() {
    OciArchiveReference r =
        (OciArchiveReference) ImageReference.parse("oci-archive:/x/img.tar:1.0");
    assertThat(r.file()).isEqualTo(Path.of("/x/img.tar"));
    assertThat(r.ref()).contains("1.0");
    assertThat(r.repository()).isEqualTo("img");
    OciArchiveReference bare = (OciArchiveReference) ImageReference.parse("oci-archive:img.tar");
    assertThat(bare.ref()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "-",
      value = {
        // text, file, repoTag, repository
        "docker-archive:/x/save.tar, /x/save.tar, -, save",
        "docker-archive:/x/save.tar:acme/runner:1, /x/save.tar, acme/runner:1, acme/runner",
        "docker-archive:save.tar:localhost:5000/acme/runner:1, save.tar, localhost:5000/acme/runner:1,"
            + " localhost:5000/acme/runner",
      })
  void parsesDockerArchives(String text, String file, String repoTag, String repository) {
    DockerArchiveReference r = (DockerArchiveReference) ImageReference.parse(text);
    assertThat(r.file()).isEqualTo(Path.of(file));
    assertThat(r.repoTag()).isEqualTo(Optional.ofNullable(repoTag));
    assertThat(r.repository()).isEqualTo(repository);
    assertThat(r.toString()).isEqualTo(text);
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(
      strings = {
        "",
        "Ubuntu",
        "ubuntu:",
        "ghcr.io/acme/runner@sha256:abc",
        "oci:",
        "oci:/tmp/x:",
        "oci-archive:",
        "docker-archive:",
        "docker-archive:/x.tar:notag",
        "docker-daemon:",
        "docker-daemon:sha256:abc",
        "docker-daemon:Ubuntu",
        "docker-daemon:ubuntu@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "docker-daemon:docker://ubuntu",
        "containers-storage:ubuntu",
        "has space/x",
      })
  void rejectsInvalidReferencesWithOneLine(String text) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").isNotBlank());
  }

  @Test
  void controlCharactersInABadReferenceAreEscapedSoTheMessageIsOneLine() {
    // found by CliFuzzPropertiesTest: a newline in a reference made a two-line message
    assertThatThrownBy(() -> ImageReference.parse("\n"))
        .hasMessage("invalid reference '\\n': empty image reference");
    assertThatThrownBy(() -> ImageReference.parse("Acme/Run\tner\n:1"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\t"));
  }

  @Test
  void namesOtherSkopeoTransportsAsUnsupportedAndListsTheSupportedOnes() {
    assertThatThrownBy(() -> ImageReference.parse("containers-storage:ubuntu"))
        .hasMessageContaining("unsupported transport 'containers-storage:'")
        .hasMessageContaining("docker-archive:, docker-daemon:");
  }

  @Test
  void parsesDockerDaemonNamesAsSkopeoDoes() {
    DockerDaemonReference short_ = (DockerDaemonReference) ImageReference.parse("docker-daemon:x");
    assertThat(short_.daemonName()).isEqualTo("x");
    assertThat(short_.named().orElseThrow().canonical()).isEqualTo("docker.io/library/x:latest");
    assertThat(short_.repository()).isEqualTo("docker.io/library/x");
    assertThat(short_.toString()).isEqualTo("docker-daemon:x");

    DockerDaemonReference tagged =
        (DockerDaemonReference) ImageReference.parse("docker-daemon:localhost:5000/acme/runner:2");
    assertThat(tagged.daemonName()).isEqualTo("localhost:5000/acme/runner:2");
    assertThat(tagged.repository()).isEqualTo("localhost:5000/acme/runner");

    String id = "sha256:" + "ab".repeat(32);
    DockerDaemonReference byId =
        (DockerDaemonReference) ImageReference.parse("docker-daemon:" + id);
    assertThat(byId.imageId()).contains(id);
    assertThat(byId.named()).isEmpty();
    assertThat(byId.daemonName()).isEqualTo(id);
  }
}
