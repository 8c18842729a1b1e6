package dev.runnerlint.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.fixtures.Compression;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureIndex;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.reference.PlatformSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciArchiveSourceTest {

  @TempDir Path tmp;

  private ImageSource open(String ref) throws ImageReadException {
    return ImageSources.open(ImageReference.parse(ref), SourceOptions.defaults());
  }

  @Test
  void readsAnIndexFromATarWithoutUnpackingIt() throws Exception {
    FixtureImage amd = Images.runner("linux/amd64", Compression.ZSTD, "amd");
    FixtureImage arm = Images.runner("linux/arm64", Compression.NONE, "arm");
    Path tar = tmp.resolve("multi.tar");
    String digest = FixtureWriter.ociArchive(tar, "1.0", FixtureIndex.of(amd, arm));

    try (ImageSource source = open("oci-archive:" + tar + ":1.0")) {
      List<PlatformImage> images = source.resolve(PlatformSelector.ALL);
      assertThat(images)
          .extracting(pi -> pi.platform().toString())
          .containsExactly("linux/amd64", "linux/arm64");
      assertThat(images.get(0).indexDigest()).contains(Digest.parse(digest));
      assertThat(images.get(0).repository()).isEqualTo("multi");
      assertThat(Images.read(source, images.get(0).layers().get(0)))
          .isEqualTo(amd.layers().get(0).blob());

      PlatformImage only = source.resolve(PlatformSelector.parse("linux/arm64")).get(0);
      assertThat(only.manifestDigest()).isEqualTo(Digest.parse(arm.digest()));
      assertThat(Images.read(source, only.layers().get(0))).isEqualTo(arm.layers().get(0).tar());
    }
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(tar);
    }
  }

  @Test
  void aCorruptedLayerInsideTheTarFailsWhenReadToTheEnd() throws Exception {
    FixtureImage image = Images.runner("linux/amd64", Compression.NONE, "corrupt-me");
    Path tar = tmp.resolve("img.tar");
    FixtureWriter.ociArchive(tar, null, image);
    byte[] archive = Files.readAllBytes(tar);
    byte[] marker = "corrupt-me".getBytes();
    int at = indexOf(archive, marker);
    assertThat(at).isPositive();
    archive[at] = 'C';
    Files.write(tar, archive);

    try (ImageSource source = open("oci-archive:" + tar)) {
      Descriptor layer = source.resolve(PlatformSelector.ALL).get(0).layers().get(0);
      assertThatThrownBy(() -> Images.read(source, layer))
          .isInstanceOf(BlobVerificationException.class)
          .hasMessageContaining("digest mismatch");
    }
  }

  @Test
  void aFileThatIsNotATarIsCorrupt() throws Exception {
    Path bogus = Files.writeString(tmp.resolve("bogus.tar"), "not a tar at all");
    assertThatThrownBy(() -> open("oci-archive:" + bogus).resolve(PlatformSelector.ALL))
        .isInstanceOf(ImageReadException.class)
        .hasMessageStartingWith("oci-archive:" + bogus + ": ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
