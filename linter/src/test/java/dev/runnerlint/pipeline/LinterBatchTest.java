package dev.runnerlint.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.Report;
import dev.runnerlint.fixtures.FaultProxy;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.fixtures.LocalRegistry;
import dev.runnerlint.fixtures.SampleImages;
import dev.runnerlint.report.Reporters;
import dev.runnerlint.rules.LintSettings;
import dev.runnerlint.rules.RuleCatalog;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch read several images at once, against the real registry behind a counting proxy: each
 * distinct layer blob is fetched once even when two images need it at the same moment, and the
 * results, warnings and failures are those of the same batch read one image after the other.
 */
class LinterBatchTest {

  private static final String AMD64 = "linux/amd64";

  private FaultProxy proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  /** {@code base} with one more layer holding {@code path}. */
  static FixtureImage withTop(FixtureImage base, String marker, String path, String content) {
    return base.toBuilder()
        .layer(
            Layer.builder()
                .createdBy("COPY " + marker + " " + path + " # buildkit")
                .file(path, content, 0644, 0, 0)
                .build())
        .build();
  }

  private String push(String repoAndTag, FixtureImage image) {
    FixtureWriter.push(LocalRegistry.shared(), repoAndTag, image);
    return proxy.hostPort() + "/" + repoAndTag;
  }

  private static Linter linter(LayerStore store, int imagesAtOnce) {
    return new Linter(
        RuleCatalog.builtin(),
        Linter.Options.defaults().withImagesAtOnce(imagesAtOnce),
        new ImageReader(new ConcurrentLayerStep(store)));
  }

  /** Blob GETs at the proxy so far, by digest. */
  private Map<String, Long> blobGets() {
    return proxy.requests(FaultProxy.blobs()).stream()
        .filter(r -> r.method().equals("GET"))
        .collect(
            Collectors.groupingBy(
                r -> r.path().substring(r.path().lastIndexOf('/') + 1),
                TreeMap::new,
                Collectors.counting()));
  }

  private static boolean got(FaultProxy p, Layer layer) {
    return !p.requests(FaultProxy.blob(layer.digest())).isEmpty();
  }

  /** Every report format of {@code results}, timing fields blanked. */
  private static Map<String, String> reports(List<ImageResult> results) {
    Map<String, String> out = new TreeMap<>();
    Report report =
        new Report(
            "test",
            RuleCatalog.builtin().forRun(LintSettings.defaults()).infos(),
            results,
            Optional.of(Level.ERROR),
            3,
            Instant.EPOCH);
    for (String format : Reporters.names()) {
      StringWriter w = new StringWriter();
      try {
        Reporters.byName(format, Reporters.Options.defaults()).write(report, w);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.put(format, untimed(w.toString()));
    }
    return out;
  }

  static String untimed(String s) {
    return s.replaceAll("\"durationMs\"\\s*:\\s*\\d+", "\"durationMs\":0")
        .replaceAll("(time|timestamp)=\"[^\"]*\"", "$1=\"-\"")
        .replaceAll("\"(startTimeUtc|endTimeUtc)\"\\s*:\\s*\"[^\"]*\"", "\"$1\":\"-\"");
  }

  @Test
  void imagesReadAtOnceFetchEachDistinctLayerOnceAndGiveWhatOneAfterTheOtherGives() {
    proxy = FaultProxy.start(LocalRegistry.shared().url());
    FixtureImage a = withTop(SampleImages.runnerOk(AMD64), "a", "/etc/a.txt", "a\n");
    FixtureImage b = withTop(SampleImages.runnerBroken(AMD64), "b", "/etc/b.txt", "b\n");
    // a malformed group file: a warning of the run, in the image's place among the others
    FixtureImage d =
        withTop(SampleImages.runnerOk(AMD64), "d", "/etc/group", "root:x:0:\nnot a group line\n");
    String refA = push("batch/a:1", a);
    String refB = push("batch/b:1", b);
    String missing = proxy.hostPort() + "/batch/a:missing";
    String refD = push("batch/d:1", d);
    List<String> batch = List.of(refA, refB, missing, refD, refA);

    Layer base = a.layers().get(0);
    assertThat(b.layers().get(0).digest()).isEqualTo(base.digest());
    Layer topA = a.layers().get(a.layers().size() - 1);
    Layer topB = b.layers().get(b.layers().size() - 1);
    // The shared base layer's blob is held until both a's and b's own top layers were asked for:
    // b asks the store for the base before its top, so b needs the base while a's fetch of it is
    // still in flight. Read one after the other, this never holds: the bound (under the client's
    // 30 s idle timeout, so the held GET is not retried) ends the wait, and the flag stays unset.
    AtomicBoolean overlapped = new AtomicBoolean();
    proxy.on(
        FaultProxy.blob(base.digest()),
        new FaultProxy.Hold(
            p -> {
              boolean both =
                  got(p, topA)
                      && got(p, topB)
                      && p.requests(FaultProxy.blob(base.digest())).size() == 1;
              if (both) {
                overlapped.set(true);
              }
              return both;
            },
            Duration.ofSeconds(20)),
        1);

    List<ImageResult> together;
    List<String> warningsTogether;
    List<String> failuresTogether;
    try (LayerStore store = new LayerStore(4, 3, Optional.empty(), s -> {})) {
      Linter linter = linter(store, 2);
      together = linter.lint(batch, LintSettings.defaults());
      warningsTogether = linter.warnings();
      failuresTogether = linter.failures().stream().map(Throwable::getMessage).toList();
    }
    assertThat(overlapped).as("b needed the base layer while a was fetching it").isTrue();
    Set<String> layers = new LinkedHashSet<>();
    for (FixtureImage image : List.of(a, b, d)) {
      image.layers().forEach(l -> layers.add(l.digest()));
    }
    Map<String, Long> gets = blobGets();
    assertThat(gets.keySet()).containsAll(layers);
    assertThat(gets).as("blob GETs by digest").allSatisfy((digest, n) -> assertThat(n).isOne());

    List<ImageResult> oneByOne;
    List<String> warningsOneByOne;
    List<String> failuresOneByOne;
    try (LayerStore store = new LayerStore(4, 3, Optional.empty(), s -> {})) {
      Linter linter = linter(store, 1);
      oneByOne = linter.lint(batch, LintSettings.defaults());
      warningsOneByOne = linter.warnings();
      failuresOneByOne = linter.failures().stream().map(Throwable::getMessage).toList();
    }

    assertThat(together.stream().map(ImageResult::reference))
        .containsExactly(refA, refB, missing, refD);
    assertThat(together.get(2).error()).hasValueSatisfying(e -> assertThat(e).contains("missing"));
    assertThat(together.get(1).rules()).anyMatch(r -> !r.findings().isEmpty());
    assertThat(warningsTogether)
        .anyMatch(w -> w.startsWith(refA + " is named twice"))
        .anyMatch(w -> w.startsWith(refD + " (linux/amd64): ") && w.endsWith("(line skipped)"));
    assertThat(failuresTogether).singleElement().asString().contains(missing);

    assertThat(reports(together)).isEqualTo(reports(oneByOne));
    assertThat(warningsTogether).isEqualTo(warningsOneByOne);
    assertThat(failuresTogether).isEqualTo(failuresOneByOne);
  }

  @Test
  void anInternalErrorInOneImageIsThrownAsItWasAfterTheImagesNamedBeforeIt(@TempDir Path tmp) {
    FixtureWriter.ociLayout(tmp.resolve("ok"), "test", SampleImages.runnerOk(AMD64));
    FixtureWriter.ociLayout(tmp.resolve("bug"), "test", SampleImages.runnerOk(AMD64));
    String missing = "docker-archive:" + tmp.resolve("missing.tar");
    String ok = "oci:" + tmp.resolve("ok") + ":test";
    String bug = "oci:" + tmp.resolve("bug") + ":test";
    LayerStep streaming = LayerStep.streaming();
    LayerStep buggy =
        (source, image, index, policy, into) -> {
          if (image.reference().equals(bug)) {
            throw new IllegalStateException("a bug at layer " + index);
          }
          streaming.read(source, image, index, policy, into);
        };
    Linter linter =
        new Linter(
            RuleCatalog.builtin(),
            Linter.Options.defaults().withImagesAtOnce(2),
            new ImageReader(buggy));

    assertThatThrownBy(() -> linter.lint(List.of(missing, bug, ok), LintSettings.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a bug at layer 0");
    assertThat(linter.failures())
        .as("the unreadable image named before the bug is kept")
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("missing.tar"));
  }
}
