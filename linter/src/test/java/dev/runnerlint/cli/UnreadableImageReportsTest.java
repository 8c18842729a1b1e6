package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail closed in every report: when one image could not be read whole, the exit code is 3 whatever
 * --fail-on says, and each format says that image could not be checked (never that it passed).
 */
class UnreadableImageReportsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String ok() {
    return "oci:"
        + Path.of(System.getProperty("runnerlint.projectRoot", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("fixtures/samples/runner-ok");
  }

  private static String unreadable() {
    return HostileCorpusTest.reference("truncated-gzip");
  }

  @Test
  void everyFormatSaysTheImageCouldNotBeChecked(@TempDir Path work) throws Exception {
    LintCli.Run run =
        LintCli.runIn(
            work,
            "lint",
            "--fail-on",
            "never",
            "--format",
            "json",
            "--output",
            "sarif=r.sarif",
            "--output",
            "junit=r.xml",
            "--output",
            "markdown=r.md",
            "--output",
            "github=r.txt",
            "--output",
            "text=r.log",
            ok(),
            unreadable());

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.IMAGE_UNREADABLE);
    String cause = "layer 2 (sha256:6939ab0e219f) of linux/amd64: corrupt gzip";

    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("exitCode").asInt()).isEqualTo(3);
    assertThat(json.at("/summary/unreadable").asInt()).isEqualTo(1);
    JsonNode bad = json.at("/images/1");
    assertThat(bad.get("reference").asText()).isEqualTo(unreadable());
    assertThat(bad.get("error").asText()).contains(cause);
    assertThat(bad.get("rules")).isEmpty();
    assertThat(json.at("/images/0/error").isNull()).isTrue();

    JsonNode sarif = JSON.readTree(work.resolve("r.sarif").toFile());
    JsonNode badRun = sarif.at("/runs/1");
    assertThat(badRun.at("/properties/imageReference").asText()).isEqualTo(unreadable());
    assertThat(badRun.at("/invocations/0/executionSuccessful").asBoolean()).isFalse();
    assertThat(badRun.at("/invocations/0/exitCode").asInt()).isEqualTo(3);
    assertThat(badRun.at("/invocations/0/toolExecutionNotifications/0/level").asText())
        .isEqualTo("error");
    assertThat(badRun.at("/invocations/0/toolExecutionNotifications/0/message/text").asText())
        .startsWith("could not read image")
        .contains(cause);

    String junit = Files.readString(work.resolve("r.xml"));
    assertThat(junit).contains("errors=\"1\"").contains("<error type=\"unreadable image\"");
    assertThat(junit)
        .contains("<testsuite name=\"" + unreadable())
        .contains("message=\"could not read image: " + cause);

    String markdown = Files.readString(work.resolve("r.md"));
    assertThat(markdown)
        .contains("(1 unreadable)")
        .contains(":x: " + unreadable())
        .containsIgnoringCase("could not read")
        .contains(cause);

    String github = Files.readString(work.resolve("r.txt"));
    assertThat(github)
        .contains("::error title=runnerlint%3A unreadable image::could not read image")
        .contains(unreadable())
        .contains(cause);

    String text = Files.readString(work.resolve("r.log"));
    assertThat(text)
        .contains(unreadable())
        .contains("error: could not read image: ")
        .contains(cause);
    assertThat(text).contains("(1 unreadable)");
  }

  @Test
  void aReportThatCannotBeWrittenWholeIsNotWrittenAtAll(@TempDir Path work) throws Exception {
    List<String> args = new ArrayList<>(List.of("lint", "--output", "sarif=r.sarif"));
    // 21 different images (the same one named twice is linted once): copies of one layout
    Path layout = HostileCorpusTest.corpus().resolve("truncated-gzip");
    for (int i = 0; i < 21; i++) {
      Path copy = work.resolve("copy-" + i);
      try (var files = java.nio.file.Files.walk(layout)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          java.nio.file.Files.copy(f, copy.resolve(layout.relativize(f).toString()));
        }
      }
      args.add("oci:" + copy);
    }
    LintCli.Run run = LintCli.runIn(work, args.toArray(String[]::new));

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("at most 20 runs per file");
    assertThat(work.resolve("r.sarif")).doesNotExist();
  }
}
