package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.fixtures.FaultProxy;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.LocalRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code lint IMG1 IMG2 …} reads the images of a batch at once, through a proxy in front of the
 * real registry: two images' manifests are seen in flight together; an unreadable image fails
 * alone, with its one line, while the others are linted and keep their places.
 */
class LintBatchTest {

  private FaultProxy proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private String viaProxy(String repoAndTag, FixtureImage image) {
    FixtureWriter.push(LocalRegistry.shared(), repoAndTag, image);
    return proxy.hostPort() + "/" + repoAndTag;
  }

  @Test
  void twoImagesOfABatchAreReadAtTheSameTime() {
    proxy = FaultProxy.start(LocalRegistry.shared().url());
    String one = viaProxy("clibatch/one:1", LintCli.withUniqueLayer("one"));
    String two = viaProxy("clibatch/two:1", LintCli.withUniqueLayer("two"));
    // The first manifest request is held until another image's manifest request is in flight
    // too, while the held one was asked once (not a retry after the client gave up on it). Read
    // one after the other, that never happens (the bound, under the client's 30 s idle timeout,
    // ends the wait, and the test fails on the flag, not on the time).
    AtomicBoolean together = new AtomicBoolean();
    proxy.on(
        FaultProxy.manifests(),
        new FaultProxy.Hold(
            p -> {
              Set<String> paths =
                  p.inFlight().stream()
                      .filter(FaultProxy.manifests())
                      .map(FaultProxy.Request::path)
                      .collect(Collectors.toSet());
              boolean noRetry =
                  paths.stream()
                      .allMatch(path -> p.requests(r -> r.path().equals(path)).size() == 1);
              if (paths.size() >= 2 && noRetry) {
                together.set(true);
              }
              return together.get();
            },
            Duration.ofSeconds(20)),
        1);
    LintCli.Run run = LintCli.run("lint", "--format", "json", one, two);
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(together).as("manifests of two images in flight at once").isTrue();
    assertThat(run.out().indexOf(one)).isNotNegative().isLessThan(run.out().indexOf(two));
  }

  @Test
  void anUnreadableImageFailsAloneWithItsOneLineAndTheOthersAreLinted() {
    proxy = FaultProxy.start(LocalRegistry.shared().url());
    String first = viaProxy("clibatch/first:1", LintCli.withUniqueLayer("first"));
    String missing = proxy.hostPort() + "/clibatch/first:nope";
    String last = viaProxy("clibatch/last:1", LintCli.withUniqueLayer("last"));

    LintCli.Run batch = LintCli.run("lint", "--progress", "plain", first, missing, last);

    assertThat(batch.code()).as(batch.toString()).isEqualTo(ExitCodes.IMAGE_UNREADABLE);
    List<String> errors = batch.errLines().stream().filter(l -> l.contains(missing)).toList();
    assertThat(errors)
        .singleElement()
        .asString()
        .startsWith("runnerlint: " + missing + ": ")
        .contains("not found");
    // one progress line per image read, each whole
    for (String ref : List.of(first, last)) {
      assertThat(batch.errLines().stream().filter(l -> l.startsWith(ref + " (linux/amd64): ")))
          .as("progress of " + ref)
          .singleElement()
          .asString()
          .contains("layer");
    }
    // the others are linted as they are alone, in their places
    String textFirst = LintCli.run("lint", first).out();
    String textLast = LintCli.run("lint", last).out();
    String text = LintCli.run("lint", first, missing, last).out();
    assertThat(text).contains(firstImageBlock(textFirst)).contains(firstImageBlock(textLast));
    assertThat(text.indexOf(first)).isLessThan(text.indexOf(missing));
    assertThat(text.indexOf(missing)).isLessThan(text.indexOf(last));
  }

  /** The text report's lines about its one image (up to the summary). */
  private static String firstImageBlock(String text) {
    int end = text.lastIndexOf("\n\n");
    return end > 0 ? text.substring(0, end) : text;
  }
}
