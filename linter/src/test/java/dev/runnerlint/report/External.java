package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Files and tools from outside the repository that report tests validate with: {@code
 * ../shared/schemas} and Microsoft's SARIF Multitool. With {@code CI=true} a missing one fails the
 * test; elsewhere the test is skipped with the reason printed.
 */
public final class External {
  private External() {}

  static Path projectRoot() {
    String root = System.getProperty("runnerlint.projectRoot");
    return Path.of(root == null ? ".." : root).toAbsolutePath().normalize();
  }

  /**
   * {@code ../shared/schemas} next to the repository; {@code -Drunnerlint.shared=DIR} or {@code
   * RUNNERLINT_SHARED} point elsewhere (e.g. from a git worktree).
   */
  static Path sharedSchemas() {
    String configured = setting("runnerlint.shared", "RUNNERLINT_SHARED");
    Path shared = configured != null ? Path.of(configured) : projectRoot().resolve("../shared");
    Path schemas = shared.resolve("schemas").toAbsolutePath().normalize();
    require(Files.isDirectory(schemas), "the shared schemas are missing: " + schemas);
    return schemas;
  }

  /**
   * The SARIF Multitool binary: {@code -DSARIF_MULTITOOL=PATH} or env {@code SARIF_MULTITOOL}, else
   * where {@code .ci/install-sarif-multitool} puts it under {@code .tools/sarif}.
   */
  static Path sarifMultitool() {
    String configured = setting("SARIF_MULTITOOL", "SARIF_MULTITOOL");
    Path tool =
        configured != null
            ? Path.of(configured)
            : projectRoot()
                .resolve(
                    ".tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    require(
        Files.isExecutable(tool),
        "the SARIF Multitool is missing: "
            + tool
            + " (run .ci/install-sarif-multitool, or set SARIF_MULTITOOL)");
    return tool;
  }

  /**
   * Nothing when {@code present}; in CI ({@code CI=true}) a failure; elsewhere a skip saying why.
   */
  public static void require(boolean present, String reason) {
    if (present) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(reason + " — required when CI=true");
    }
    System.out.println("SKIPPED (not in CI): " + reason);
    Assumptions.assumeTrue(false, reason);
  }

  private static String setting(String property, String env) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? null : v;
  }
}
