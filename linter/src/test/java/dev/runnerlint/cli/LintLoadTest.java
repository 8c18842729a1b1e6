package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.fixtures.FixtureImage;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Load: 50 images from the real local registry in one {@code lint}, in this process. Nothing may
 * leak from one image to the next: after the run, open file descriptors and live threads are back
 * to what they were, and the heap retains no more than a few MiB.
 */
class LintLoadTest {

  private static final int IMAGES = 50;
  private static final List<String> references = new ArrayList<>();

  @BeforeAll
  static void pushImages() {
    for (int i = 0; i < IMAGES; i++) {
      // each image has a layer of its own, so each run reads and verifies distinct blobs
      FixtureImage image = LintCli.withUniqueLayer("load-" + i);
      references.add(LintCli.push("load/runner:" + i, image));
    }
  }

  @Test
  void fiftyImagesInOneRunLeakNoFileDescriptorThreadOrMemory() throws Exception {
    // Warm up: classes, the JIT, the native zstd library and Jib's shared state are made once.
    LintCli.Run warm = LintCli.run("lint", "--format", "json", references.get(0));
    assertThat(warm.code()).as(warm.toString()).isZero();
    awaitBlobThreads();
    int fdsBefore = openFileDescriptors();
    Set<String> threadsBefore = liveThreads();
    long heapBefore = usedHeapAfterGc();

    List<String> args = new ArrayList<>(List.of("lint", "--format", "json"));
    args.addAll(references);
    LintCli.Run run = LintCli.run(args.toArray(String[]::new));

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("\"images\" : " + IMAGES);
    awaitBlobThreads();
    assertThat(openFileDescriptors()).as("open file descriptors").isLessThanOrEqualTo(fdsBefore);
    assertThat(liveThreads()).as("live threads").isSubsetOf(threadsBefore);
    long retained = usedHeapAfterGc() - heapBefore;
    assertThat(retained).as("heap retained after 50 images").isLessThan(32L << 20);
  }

  private static int openFileDescriptors() {
    String[] fds = new File("/proc/self/fd").list();
    return Objects.requireNonNull(fds, "/proc/self/fd").length;
  }

  /** Live threads by name and id (the JVM's own threads come and go: counted by name only). */
  private static Set<String> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> !t.getName().startsWith("C1 ") && !t.getName().startsWith("C2 "))
        .map(
            t ->
                t.getName().startsWith("runnerlint-") ? t.getName() + "#" + t.getId() : t.getName())
        .collect(Collectors.toSet());
  }

  /** Waits (bounded) for the blob reader threads of the last run to end. */
  private static void awaitBlobThreads() throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("runnerlint-blob")) {
        t.join(10_000);
      }
    }
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
