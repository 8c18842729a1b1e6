package dev.runnerlint.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one fuzz target of {@link ParsersFuzzTest} in a JVM of its own, as {@code .ci/fuzz} does for
 * each target (jazzer-junit fuzzes one {@code @FuzzTest} per JVM). {@code JAZZER_FUZZ=1} makes it
 * fuzz, {@code -Djazzer.max_duration=30s} bounds the time; without them it runs the seeds. Exits 1
 * when the target failed (a crash was found), 2 on bad usage.
 */
public final class FuzzMain {
  private FuzzMain() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: FuzzMain METHOD   (a @FuzzTest method of ParsersFuzzTest)");
      System.exit(2);
    }
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(
                selectMethod(
                    ParsersFuzzTest.class,
                    args[0],
                    args[0].equals("tree")
                        ? "com.code_intelligence.jazzer.api.FuzzedDataProvider"
                        : "byte[]"))
            .build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    launcher.execute(request, summary);
    TestExecutionSummary s = summary.getSummary();
    s.printTo(new PrintWriter(System.out, true));
    s.printFailuresTo(new PrintWriter(System.out, true), 40);
    boolean ran = s.getTestsSucceededCount() + s.getTestsFailedCount() > 0;
    System.exit(s.getTotalFailureCount() > 0 || !ran ? 1 : 0);
  }
}
