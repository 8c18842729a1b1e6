package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.runnerlint.findings.Report;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code linter/src/test/resources/golden/}. Regenerate them all after an
 * intended output change with {@code mvn -o -pl linter -am test -Dtest='*GoldenTest'
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true}, then review the diff.
 */
final class Golden {
  private Golden() {}

  static Path dir() {
    String root = System.getProperty("runnerlint.projectRoot");
    return root == null
        ? Path.of("src/test/resources/golden")
        : Path.of(root, "linter", "src", "test", "resources", "golden");
  }

  static String render(Reporter reporter, Report report) throws IOException {
    StringWriter out = new StringWriter();
    reporter.write(report, out);
    return out.toString();
  }

  static void assertMatches(String name, String actual) throws IOException {
    Path file = dir().resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      System.out.println("golden file written: " + file);
      return;
    }
    if (!Files.exists(file)) {
      fail(
          "golden file " + file + " is missing; create it with -Dgolden.update=true and review it");
    }
    assertThat(actual)
        .as("output differs from golden file %s (regenerate with -Dgolden.update=true)", file)
        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
