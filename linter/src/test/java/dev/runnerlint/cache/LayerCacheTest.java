package dev.runnerlint.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.image.Digest;
import dev.runnerlint.layer.Content;
import dev.runnerlint.layer.FileType;
import dev.runnerlint.layer.LayerEntry;
import dev.runnerlint.layer.RecordedLayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerCacheTest {

  @TempDir Path dir;

  static Digest digest(int n) {
    return Digest.compute("sha256", ("layer " + n).getBytes(StandardCharsets.UTF_8));
  }

  static RecordedLayer layer(String marker) {
    RecordedLayer r = new RecordedLayer();
    r.entry(
        new LayerEntry("/etc", FileType.DIRECTORY, 0755, 0, 0, 0, Optional.empty(), false),
        Optional.empty());
    r.entry(
        new LayerEntry(
            "/etc/" + marker, FileType.REGULAR, 0644, 1001, 123, 5, Optional.empty(), false),
        Optional.of(new Content(marker.getBytes(StandardCharsets.UTF_8), true)));
    r.entry(
        new LayerEntry("/bin/sh", FileType.SYMLINK, 0777, 0, 0, 0, Optional.of("bash"), false),
        Optional.empty());
    return r;
  }

  @Test
  void whatIsStoredIsReadBackEntryForEntry() {
    LayerCache cache = new LayerCache(dir, 1 << 20, line -> {});
    RecordedLayer stored = layer("passwd");
    cache.put(digest(1), "policy-a", stored);
    RecordedLayer back = cache.get(digest(1), "policy-a").orElseThrow();
    assertThat(back.entries()).isEqualTo(stored.entries());
    assertThat(back.content(1).bytes()).isEqualTo("passwd".getBytes(StandardCharsets.UTF_8));
    assertThat(back.content(1).truncated()).isTrue();
    assertThat(back.content(0)).isNull();
    assertThat(cache.get(digest(1), "policy-b")).as("another capture policy").isEmpty();
    assertThat(cache.get(digest(2), "policy-a")).isEmpty();
  }

  @Test
  void everyTruncationAndEveryFlippedByteIsDetected() throws Exception {
    byte[] file = LayerCache.encode(digest(1).toString(), "p", layer("group"));
    for (int len = 0; len < file.length; len++) {
      byte[] cut = Arrays.copyOf(file, len);
      assertThat(decodes(cut)).as("truncated to " + len).isFalse();
    }
    for (int i = 0; i < file.length; i++) {
      byte[] bad = file.clone();
      bad[i] ^= 0x01;
      assertThat(decodes(bad)).as("byte " + i + " flipped").isFalse();
    }
    assertThat(decodes(file)).isTrue();
  }

  private static boolean decodes(byte[] b) {
    try {
      LayerCache.decode(b, digest(1).toString(), "p");
      return true;
    } catch (LayerCache.CorruptEntryException e) {
      return false;
    }
  }

  @Test
  void theLeastRecentlyUsedEntriesAreEvictedFirst() throws Exception {
    List<String> debug = new ArrayList<>();
    LayerCache cache = new LayerCache(dir, 1 << 20, debug::add);
    for (int i = 1; i <= 3; i++) {
      cache.put(digest(i), "p", layer("f" + i));
      Files.setLastModifiedTime(
          cache.fileFor(digest(i), "p"), FileTime.from(Instant.now().minusSeconds(1000 - i)));
    }
    assertThat(cache.get(digest(1), "p")).isPresent(); // 1 becomes the most recently used
    long one = Files.size(cache.fileFor(digest(1), "p"));
    assertThat(cache.evict(2 * one + one / 2)).isEqualTo(1);
    assertThat(cache.get(digest(2), "p")).as("the least recently used").isEmpty();
    assertThat(cache.get(digest(1), "p")).isPresent();
    assertThat(cache.get(digest(3), "p")).isPresent();
    assertThat(debug).anyMatch(l -> l.contains("evicted"));
  }

  @Test
  void aPutOverTheBoundEvictsOlderEntries() throws Exception {
    long one = LayerCache.encode(digest(1).toString(), "p", layer("f1")).length;
    LayerCache cache = new LayerCache(dir, 2 * one + 10, line -> {});
    for (int i = 1; i <= 4; i++) {
      cache.put(digest(i), "p", layer("f" + i));
      Files.setLastModifiedTime(
          cache.fileFor(digest(i), "p"), FileTime.from(Instant.now().minusSeconds(100 - i)));
    }
    LayerCache.Info info = cache.info();
    assertThat(info.entries()).isEqualTo(2);
    assertThat(info.bytes()).isLessThanOrEqualTo(cache.maxSize());
    assertThat(cache.get(digest(4), "p")).isPresent();
  }
}
