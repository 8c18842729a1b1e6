package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.reference.Platform;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/** The live display alone: a fake clock (the draw times passed in) and a writer, no registry. */
class LiveProgressTest {

  private static final long MS = 1_000_000L;

  private final StringWriter written = new StringWriter();
  private final LiveProgress live = new LiveProgress(new PrintWriter(written), 120, 40);

  static PlatformImage image(String name, long... sizes) {
    List<Descriptor> layers = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      String hex = String.format("%x", name.hashCode() & 0xffff) + i;
      layers.add(
          Descriptor.of(
              MediaTypes.OCI_LAYER_GZIP,
              new Digest("sha256", (hex + "0".repeat(64)).substring(0, 64)),
              sizes[i]));
    }
    ImageConfig config =
        new ImageConfig(
            "linux", "amd64", "", "runner", "/", List.of(), List.of(), List.of(), List.of(),
            List.of());
    return new PlatformImage(
        "registry.test/" + name + ":1",
        "registry.test/" + name,
        Optional.empty(),
        new Digest("sha256", "1".repeat(64)),
        MediaTypes.OCI_MANIFEST,
        Platform.parse("linux/amd64"),
        Descriptor.of(MediaTypes.OCI_CONFIG, new Digest("sha256", "2".repeat(64)), 10),
        config,
        layers);
  }

  static String hex(PlatformImage image, int layer) {
    return image.layers().get(layer).digest().shortHex();
  }

  /** What was written since the last call. */
  private String drained() {
    String s = written.toString();
    written.getBuffer().setLength(0);
    return s;
  }

  @Test
  void showsBytesReadOfEachLayerAndATotalRedrawnInPlace() {
    PlatformImage a = image("a", 4096, 2 * 1024 * 1024, 100);
    live.imageStarted(a);
    LongConsumer first = live.fetching(a, 0);
    first.accept(1024);
    live.layer(a, 2, true, 0);
    live.drawIfDue(0);
    StringBuilder all = new StringBuilder(drained());
    assertThat(TerminalScreen.of(all.toString()).lines())
        .containsExactly(
            "registry.test/a:1 (linux/amd64)",
            "  " + hex(a, 0) + "  downloading  1.0 KiB / 4.0 KiB",
            "  " + hex(a, 1) + "  waiting",
            "  " + hex(a, 2) + "  cached",
            "  total         1/3 layers (1 cached), 1.0 KiB / 2.0 MiB");

    first.accept(4096);
    live.layer(a, 0, false, 4096);
    live.fetching(a, 1).accept(1024 * 1024);
    live.drawIfDue(100 * MS);
    String redraw = drained();
    assertThat(redraw).startsWith("\r\u001b[5A"); // up over the five lines drawn, then over them
    all.append(redraw);
    TerminalScreen screen = TerminalScreen.of(all.toString());
    assertThat(screen.lines())
        .containsExactly(
            "registry.test/a:1 (linux/amd64)",
            "  " + hex(a, 0) + "  done         4.0 KiB",
            "  " + hex(a, 1) + "  downloading  1.0 MiB / 2.0 MiB",
            "  " + hex(a, 2) + "  cached",
            "  total         2/3 layers (1 cached), 1.0 MiB / 2.0 MiB");
  }

  @Test
  void redrawsAtMostTenTimesASecondAndOnlyWhenSomethingChanged() {
    PlatformImage a = image("a", 1 << 20);
    live.imageStarted(a);
    LongConsumer bytes = live.fetching(a, 0);
    live.drawIfDue(1_000 * MS);
    assertThat(drained()).isNotEmpty();
    int draws = 0;
    for (long t = 1_000 * MS; t < 2_000 * MS; t += 5 * MS) { // a read every 5 ms for a second
      bytes.accept((t - 1_000 * MS) / MS * 1000);
      live.drawIfDue(t + 5 * MS);
      draws += drained().isEmpty() ? 0 : 1;
    }
    assertThat(draws).isBetween(9, 10);
    live.drawIfDue(5_000 * MS);
    assertThat(drained()).as("nothing changed since the last draw").isEmpty();
    bytes.accept(1 << 20);
    live.drawIfDue(5_001 * MS);
    assertThat(drained()).as("a read after the last draw is drawn").isNotEmpty();
  }

  @Test
  void aFinishedImageIsFrozenAboveTheImagesStillBeingRead() {
    PlatformImage a = image("a", 10, 20);
    PlatformImage b = image("b", 30);
    live.imageStarted(a);
    live.imageStarted(b);
    live.drawIfDue(0);
    live.layer(a, 0, false, 10);
    live.layer(a, 1, true, 0);
    live.imageFinished(a);
    live.fetching(b, 0).accept(15);
    live.drawIfDue(100 * MS);
    String frozen = written.toString();
    live.layer(b, 0, false, 30);
    live.drawIfDue(200 * MS);
    String after = drained().substring(frozen.length());
    assertThat(after).as("only b's block is redrawn").startsWith("\r\u001b[3A");
    List<String> aBlock =
        List.of(
            "registry.test/a:1 (linux/amd64)",
            "  " + hex(a, 0) + "  done         10 B",
            "  " + hex(a, 1) + "  cached",
            "  total         2/2 layers (1 cached), 10 B / 10 B");
    assertThat(TerminalScreen.of(frozen).lines())
        .startsWith(aBlock.toArray(String[]::new))
        .contains("  " + hex(b, 0) + "  downloading  15 B / 30 B");
    live.imageFinished(b);
    live.close();
    List<String> expected = new ArrayList<>(aBlock);
    expected.addAll(
        List.of(
            "registry.test/b:1 (linux/amd64)",
            "  " + hex(b, 0) + "  done         30 B",
            "  total         1/1 layers, 30 B / 30 B"));
    assertThat(TerminalScreen.of(frozen + after + drained()).lines()).isEqualTo(expected);
  }

  @Test
  void closeLeavesAFailedImagesLastStateAndTheCursorOnACleanLine() {
    PlatformImage a = image("a", 1000, 2000);
    live.imageStarted(a);
    live.fetching(a, 0).accept(400);
    live.failed(a, 0);
    live.drawIfDue(0);
    live.close();
    live.layer(a, 1, false, 2000); // too late: the display is closed
    live.drawIfDue(1_000 * MS);
    String out = drained();
    assertThat(out).endsWith("\n\u001b[J");
    assertThat(TerminalScreen.of(out + "runnerlint: the error\n").lines())
        .containsExactly(
            "registry.test/a:1 (linux/amd64)",
            "  " + hex(a, 0) + "  failed       400 B / 1000 B",
            "  " + hex(a, 1) + "  waiting",
            "  total         0/2 layers, 400 B / 2.9 KiB",
            "runnerlint: the error");
  }

  @Test
  void aLineIsPrintedAboveTheLiveBlock() {
    PlatformImage a = image("a", 1000);
    live.imageStarted(a);
    live.drawIfDue(0);
    live.line("runnerlint: debug: hello");
    live.close();
    assertThat(TerminalScreen.of(drained()).lines())
        .containsExactly(
            "runnerlint: debug: hello",
            "registry.test/a:1 (linux/amd64)",
            "  " + hex(a, 0) + "  waiting",
            "  total         0/1 layers, 0 B / 1000 B");
  }

  @Test
  void aDisplayTallerThanTheTerminalShowsOnlyTheLayersInFlight() {
    LiveProgress small = new LiveProgress(new PrintWriter(written), 120, 6);
    PlatformImage a = image("a", 1, 2, 3, 4, 5, 6, 7, 8);
    small.imageStarted(a);
    small.fetching(a, 3).accept(2);
    small.drawIfDue(0);
    assertThat(TerminalScreen.of(drained()).lines())
        .containsExactly(
            "registry.test/a:1 (linux/amd64)",
            "  " + hex(a, 3) + "  downloading  2 B / 4 B",
            "  total         0/8 layers, 2 B / 36 B");
  }

  @Test
  void aResizedTerminalIsFollowedAtTheNextDraw() {
    java.util.concurrent.atomic.AtomicReference<TerminalSize> size =
        new java.util.concurrent.atomic.AtomicReference<>(new TerminalSize(120, 40));
    LiveProgress resizable = new LiveProgress(new PrintWriter(written), size::get);
    PlatformImage a = image("a-long-repository-name-for-a-narrow-window", 4096);
    resizable.imageStarted(a);
    resizable.fetching(a, 0).accept(1024);
    resizable.drawIfDue(0);
    String name = "registry.test/a-long-repository-name-for-a-narrow-window:1 (linux/amd64)";
    assertThat(TerminalScreen.of(drained()).lines()).first().isEqualTo(name);
    size.set(new TerminalSize(30, 40));
    resizable.fetching(a, 0).accept(2048);
    resizable.drawIfDue(200 * MS);
    String narrow = drained();
    // every line is cut to fit 30 columns (29 characters: none wraps and breaks the cursor-up)
    assertThat(TerminalScreen.of(narrow).lines())
        .containsExactly(
            name.substring(0, 29),
            ("  " + hex(a, 0) + "  downloading  2.0 KiB / 4.0 KiB").substring(0, 29),
            "  total         0/1 layers, 2");
  }

  @Test
  void layerThreadsOfSeveralImagesAtOnce() throws Exception {
    List<PlatformImage> images = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      images.add(image("img" + i, 1 << 20, 1 << 20, 1 << 20));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch done = new CountDownLatch(images.size() * 3);
    for (PlatformImage im : images) {
      live.imageStarted(im);
      for (int l = 0; l < 3; l++) {
        int layer = l;
        pool.execute(
            () -> {
              LongConsumer bytes = live.fetching(im, layer);
              for (long n = 0; n <= 1 << 20; n += 1 << 14) {
                bytes.accept(n);
              }
              live.layer(im, layer, false, 1 << 20);
              done.countDown();
            });
      }
    }
    long t = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.await(1, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
      live.drawIfDue(t += 100 * MS);
    }
    assertThat(done.getCount()).isZero();
    pool.shutdown();
    images.forEach(live::imageFinished);
    live.close();
    List<String> screen = TerminalScreen.of(drained()).lines();
    assertThat(screen).hasSize(4 * 5);
    for (int i = 0; i < images.size(); i++) {
      assertThat(screen.get(i * 5)).isEqualTo("registry.test/img" + i + ":1 (linux/amd64)");
      assertThat(screen.get(i * 5 + 4)).isEqualTo("  total         3/3 layers, 3.0 MiB / 3.0 MiB");
    }
  }
}
