package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.fixtures.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layer-index cache and batch linting, counted at the real registry: which layer blobs a run
 * fetched is read from Distribution's own log. A cache hit never changes a report.
 */
class LintCacheTest {

  static LocalRegistry registry;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    registry = LocalRegistry.start();
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static String push(String repoAndTag, FixtureImage image) {
    FixtureWriter.push(registry, repoAndTag, image);
    return registry.reference(repoAndTag);
  }

  /** Blob GETs of each of the image's layers so far. */
  static long layerGets(FixtureImage image) {
    return image.layers().stream().mapToLong(l -> registry.blobGets(l.digest())).sum();
  }

  static long gets(Layer layer) {
    return registry.blobGets(layer.digest());
  }

  /** Reports in every format, timing fields blanked ("started", durations). */
  Map<String, String> reports(LintCli.Run run, Path dir) throws IOException {
    Map<String, String> out = new java.util.TreeMap<>();
    out.put("text", run.out());
    for (String f : List.of("json", "sarif", "junit", "github", "markdown")) {
      out.put(f, untimed(Files.readString(dir.resolve("report." + f), StandardCharsets.UTF_8)));
    }
    return out;
  }

  static String untimed(String s) {
    return s.replaceAll("\"started\"\\s*:\\s*\"[^\"]*\"", "\"started\":\"-\"")
        .replaceAll("\"durationMs\"\\s*:\\s*\\d+", "\"durationMs\":0")
        .replaceAll("(time|timestamp)=\"[^\"]*\"", "$1=\"-\"")
        .replaceAll("\"(startTimeUtc|endTimeUtc)\"\\s*:\\s*\"[^\"]*\"", "\"$1\":\"-\"");
  }

  LintCli.Run lintAllFormats(Path cache, Path outDir, String ref) {
    List<String> args = new ArrayList<>(List.of("lint", "--cache-dir", cache.toString()));
    for (String f : List.of("json", "sarif", "junit", "github", "markdown")) {
      args.add("--output");
      args.add(f + "=" + outDir.resolve("report." + f));
    }
    args.add(ref);
    return LintCli.run(args.toArray(String[]::new));
  }

  @Test
  void aWarmRunFetchesNoLayerBlobAndWritesTheSameReportsInEveryFormat() throws IOException {
    FixtureImage image = LintCli.withUniqueLayer("warm");
    String ref = push("cache/warm:1", image);
    Path cache = tmp.resolve("cache");

    long before = layerGets(image);
    LintCli.Run cold = lintAllFormats(cache, Files.createDirectories(tmp.resolve("cold")), ref);
    assertThat(cold.code()).as(cold.toString()).isZero();
    assertThat(layerGets(image) - before).isEqualTo(image.layers().size());

    long afterCold = layerGets(image);
    LintCli.Run warm = lintAllFormats(cache, Files.createDirectories(tmp.resolve("warm")), ref);
    assertThat(warm.code()).as(warm.toString()).isZero();
    assertThat(layerGets(image)).as("layer blobs fetched by the warm run").isEqualTo(afterCold);
    assertThat(reports(warm, tmp.resolve("warm"))).isEqualTo(reports(cold, tmp.resolve("cold")));
    assertThat(warm.err()).isEqualTo(cold.err());
  }

  @Test
  void aSecondTagSharingAllButItsTopLayerFetchesOnlyThatLayer() {
    FixtureImage first = LintCli.withUniqueLayer("first");
    FixtureImage second = LintCli.withUniqueLayer("second");
    String a = push("cache/tags:a", first);
    String b = push("cache/tags:b", second);
    Path cache = tmp.resolve("cache");
    assertThat(LintCli.run("lint", "--cache-dir", cache.toString(), a).code()).isZero();

    Layer top = second.layers().get(second.layers().size() - 1);
    long[] before = second.layers().stream().mapToLong(LintCacheTest::gets).toArray();
    LintCli.Run run = LintCli.run("lint", "--cache-dir", cache.toString(), b);
    assertThat(run.code()).as(run.toString()).isZero();
    for (int i = 0; i < second.layers().size(); i++) {
      Layer l = second.layers().get(i);
      assertThat(gets(l) - before[i])
          .as("GETs of layer " + i)
          .isEqualTo(l.digest().equals(top.digest()) ? 1 : 0);
    }
  }

  @Test
  void twelveTagsSharingABaseFetchEachDistinctLayerOnceInOneProcess() {
    List<FixtureImage> images = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      FixtureImage image = LintCli.withUniqueLayer("batch" + i);
      images.add(image);
      refs.add(push("cache/batch:t" + i, image));
    }
    Set<Layer> distinct = new LinkedHashSet<>();
    images.forEach(im -> distinct.addAll(im.layers()));
    Map<String, Long> before = new java.util.HashMap<>();
    distinct.forEach(l -> before.put(l.digest(), gets(l)));

    List<String> args = new ArrayList<>(List.of("lint", "--no-cache", "--format", "json"));
    args.addAll(refs);
    LintCli.Run run = LintCli.run(args.toArray(String[]::new));
    assertThat(run.code()).as(run.toString()).isZero();
    for (String ref : refs) {
      assertThat(run.out()).contains(ref);
    }
    for (Layer l : distinct) {
      assertThat(gets(l) - before.get(l.digest())).as("GETs of " + l.digest()).isEqualTo(1);
    }
  }

  @Test
  void imagesFromAFileAreLintedLikeArguments() throws IOException {
    String ref = push("cache/list:1", LintCli.ok());
    Path list = tmp.resolve("images.txt");
    Files.writeString(list, "# runner images\n\n" + ref + "   # the base\n");
    LintCli.Run fromFile = LintCli.run("lint", "--images-from", list.toString());
    LintCli.Run fromArgs = LintCli.run("lint", ref);
    assertThat(fromFile.code()).isZero();
    assertThat(fromFile.out()).isEqualTo(fromArgs.out());

    Files.writeString(list, "# nothing\n");
    LintCli.Run empty = LintCli.run("lint", "--images-from", list.toString());
    assertThat(empty.code()).isEqualTo(2);
    assertThat(empty.errLines()).first().asString().contains("names no image");
  }

  @Test
  void aCorruptCacheEntryIsIgnoredAndRebuiltWithTheSameVerdict() throws IOException {
    FixtureImage image = LintCli.withUniqueLayer("corrupt");
    String ref = push("cache/corrupt:1", image);
    Path cache = tmp.resolve("cache");
    LintCli.Run cold = LintCli.run("lint", "--cache-dir", cache.toString(), ref);
    List<Path> entries = cacheFiles(cache);
    assertThat(entries).hasSize(image.layers().size());
    // one entry truncated, the others with a flipped byte
    byte[] whole = Files.readAllBytes(entries.get(0));
    Files.write(entries.get(0), java.util.Arrays.copyOf(whole, whole.length / 2));
    for (Path p : entries.subList(1, entries.size())) {
      byte[] b = Files.readAllBytes(p);
      b[b.length - 3] ^= 0x40;
      Files.write(p, b);
    }
    long before = layerGets(image);
    LintCli.Run again = LintCli.run("--debug", "lint", "--cache-dir", cache.toString(), ref);
    assertThat(again.code()).isEqualTo(cold.code());
    assertThat(again.out()).isEqualTo(cold.out());
    assertThat(again.err()).contains("ignoring corrupt entry").contains("truncated");
    assertThat(again.err()).contains("checksum mismatch");
    assertThat(layerGets(image) - before).isEqualTo(image.layers().size());

    long rebuilt = layerGets(image);
    LintCli.Run third = LintCli.run("lint", "--cache-dir", cache.toString(), ref);
    assertThat(third.out()).isEqualTo(cold.out());
    assertThat(layerGets(image)).as("the rebuilt entries are used").isEqualTo(rebuilt);
  }

  @Test
  void twoProcessesRacingOnOneCacheBothSucceedWithTheSameResults() throws Exception {
    FixtureImage image = LintCli.withUniqueLayer("race");
    String ref = push("cache/race:1", image);
    Path cache = tmp.resolve("cache");
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      processes.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.runnerlint.cli.Main",
                  "lint",
                  "--format",
                  "json",
                  "--cache-dir",
                  cache.toString(),
                  ref)
              .redirectOutput(tmp.resolve("out" + i).toFile())
              .redirectError(tmp.resolve("err" + i).toFile())
              .start());
    }
    for (Process p : processes) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
    }
    String a = untimed(Files.readString(tmp.resolve("out0")));
    String b = untimed(Files.readString(tmp.resolve("out1")));
    assertThat(a).isEqualTo(b).contains(ref);
    assertThat(cacheFiles(cache)).hasSize(image.layers().size());
    try (Stream<Path> s = Files.list(cache.resolve("layers-v1"))) {
      assertThat(s.filter(p -> p.getFileName().toString().startsWith(".tmp-"))).isEmpty();
    }
    long before = layerGets(image);
    LintCli.Run warm =
        LintCli.run("lint", "--format", "json", "--cache-dir", cache.toString(), ref);
    assertThat(untimed(warm.out())).isEqualTo(a);
    assertThat(layerGets(image)).isEqualTo(before);
  }

  @Test
  void cacheInfoAndPrune() {
    String ref = push("cache/prune:1", LintCli.withUniqueLayer("prune"));
    Path cache = tmp.resolve("cache");
    LintCli.run("lint", "--cache-dir", cache.toString(), ref);
    int n = cacheFiles(cache).size();
    LintCli.Run info = LintCli.run("cache", "info", "--cache-dir", cache.toString());
    assertThat(info.code()).isZero();
    assertThat(info.out()).contains("layers     " + n).contains("of at most 1.0 GiB");

    LintCli.Run bounded =
        LintCli.run("cache", "prune", "--cache-dir", cache.toString(), "--cache-max-size", "0");
    assertThat(bounded.out()).startsWith("deleted " + n + " layers; 0 left");
    LintCli.run("lint", "--cache-dir", cache.toString(), ref);
    LintCli.Run all = LintCli.run("cache", "prune", "--all", "--cache-dir", cache.toString());
    assertThat(all.out()).startsWith("deleted " + n + " layers");
    assertThat(cacheFiles(cache)).isEmpty();
  }

  @Test
  void progressPlainIsOneLinePerImageAndNoneIsSilent() {
    FixtureImage image = LintCli.withUniqueLayer("progress");
    String ref = push("cache/progress:1", image);
    Path cache = tmp.resolve("cache");
    LintCli.Run plain =
        LintCli.run("lint", "--progress", "plain", "--cache-dir", cache.toString(), ref);
    assertThat(plain.errLines()).containsExactly(LintCli.plainProgressLine(ref, image, false));
    LintCli.Run warm =
        LintCli.run("lint", "--progress", "plain", "--cache-dir", cache.toString(), ref);
    assertThat(warm.errLines()).containsExactly(LintCli.plainProgressLine(ref, image, true));
    assertThat(warm.out()).isEqualTo(plain.out());
    LintCli.Run none =
        LintCli.run("lint", "--progress", "none", "--cache-dir", cache.toString(), ref);
    assertThat(none.err()).isEmpty();
    assertThat(none.out()).isEqualTo(plain.out());
    LintCli.Run bad = LintCli.run("lint", "--progress", "loud", ref);
    assertThat(bad.code()).isEqualTo(2);
  }

  static List<Path> cacheFiles(Path cache) {
    Path dir = cache.resolve("layers-v1");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".layer"))
          .filter(p -> !p.getFileName().toString().startsWith(".tmp-"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
