package dev.runnerlint.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.image.MediaTypes;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CapturePolicyTest {

  @Test
  void keyIsTheSameForTheSameSelectorsInAnyOrderAndDiffersOtherwise() {
    CapturePolicy a =
        CapturePolicy.builder().path("/etc/passwd", 100).named("run.sh", 10).executables(5).build();
    CapturePolicy b =
        CapturePolicy.builder()
            .executables(5)
            .named("run.sh", 10)
            .path("etc/passwd", 1) // normalised; the larger count wins
            .path("/etc/passwd", 100)
            .build();
    assertThat(a.key()).isEqualTo(b.key());
    assertThat(a).isEqualTo(b);
    assertThat(a.key()).isNotEqualTo(a.plus(java.util.Set.of("/etc/motd"), 3).key());
    assertThat(a.key()).isNotEqualTo(a.withMaxCap(50).key());
    assertThat(a.key())
        .isNotEqualTo(a.toBuilder().totalCap(CapturePolicy.DEFAULT_TOTAL_CAP - 1).build().key());
    assertThat(CapturePolicy.none().capturesNothing()).isTrue();
    assertThat(a.capturesNothing()).isFalse();
  }

  @Test
  void aReaderKeepsAtMostTheTotalCapOverAllLayersOfAnImage() throws IOException {
    byte[] layer1 =
        new TestTar().file("a/one", "0123456789", 0644).file("a/two", "0123456789", 0644).tar();
    byte[] layer2 = new TestTar().file("a/three", "0123456789", 0644).tar();
    CapturePolicy policy = CapturePolicy.builder().children("/a", 100).totalCap(25).build();
    LayerReader reader = new LayerReader(policy);
    LayerReaderTest.Collected first = new LayerReaderTest.Collected();
    LayerReaderTest.Collected second = new LayerReaderTest.Collected();

    reader.read(new java.io.ByteArrayInputStream(layer1), MediaTypes.OCI_LAYER, first);
    reader.read(new java.io.ByteArrayInputStream(layer2), MediaTypes.OCI_LAYER, second);

    assertThat(first.contents).containsOnlyKeys("/a/one", "/a/two");
    // 20 of 25 bytes used: the third file does not fit, so it is not captured at all
    assertThat(second.contents).isEmpty();
    assertThat(second.entries).containsKey("/a/three");
  }
}
