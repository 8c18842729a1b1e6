package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerlint.findings.Report;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JsonReporterTest {
  private static JsonNode json(Report report) throws IOException {
    return new ObjectMapper().readTree(Golden.render(new JsonReporter(), report));
  }

  @Test
  void listsImagesWithFindingsRulesSummaryAndExitCode() throws IOException {
    JsonNode root = json(TestReports.failing());
    assertThat(root.get("version").asInt()).isEqualTo(JsonReporter.FORMAT_VERSION);
    assertThat(root.get("toolVersion").asText()).isEqualTo("1.2.3");
    assertThat(root.get("exitCode").asInt()).isEqualTo(3);
    JsonNode image = root.at("/images/0");
    assertThat(image.get("reference").asText()).isEqualTo("ghcr.io/acme/runner:1.0");
    assertThat(image.get("repository").asText()).isEqualTo("ghcr.io/acme/runner");
    assertThat(image.get("platform").asText()).isEqualTo("linux/amd64");
    assertThat(image.get("error").isNull()).isTrue();
    JsonNode first = image.at("/findings/0");
    assertThat(first.get("ruleId").asText()).isEqualTo("ARC001");
    assertThat(first.get("level").asText()).isEqualTo("error");
    assertThat(first.at("/subject/kind").asText()).isEqualTo("file");
    assertThat(first.at("/subject/path").asText()).isEqualTo("/actions-runner/run.sh");
    assertThat(first.get("layer").isNull()).isTrue();
    assertThat(first.get("suppressed").asBoolean()).isFalse();
    assertThat(first.get("suppression").isNull()).isTrue();
    JsonNode arc007 = image.at("/findings/3");
    assertThat(arc007.at("/layer/index").asInt()).isEqualTo(3);
    assertThat(arc007.at("/layer/createdBy").asText())
        .isEqualTo("COPY runner/ /actions-runner/ # buildkit");
    JsonNode arc201 = image.at("/findings/6");
    assertThat(arc201.at("/subject/key").asText()).isEqualTo("Entrypoint");
    assertThat(arc201.get("suppressed").asBoolean()).isTrue();
    assertThat(arc201.at("/suppression/expires").asText()).isEqualTo("2030-01-01");
    assertThat(image.at("/rules/6/status").asText()).isEqualTo("disabled");
    JsonNode broken = root.at("/images/1");
    assertThat(broken.get("digest").isNull()).isTrue();
    assertThat(broken.get("error").asText()).contains("manifest unknown");
    assertThat(broken.get("findings")).isEmpty();
    JsonNode summary = root.get("summary");
    assertThat(summary.get("errors").asInt()).isEqualTo(4);
    assertThat(summary.get("warnings").asInt()).isEqualTo(2);
    assertThat(summary.get("suppressed").asInt()).isEqualTo(1);
    assertThat(summary.get("unreadable").asInt()).isEqualTo(1);
  }

  @Test
  void controlCharactersAreEscapedNotDropped() throws IOException {
    String raw = Golden.render(new JsonReporter(), TestReports.failing());
    assertThat(raw).contains("and\\u0007 bells").doesNotContain("\u0007");
    assertThat(json(TestReports.failing()).at("/images/0/findings/3/message").asText())
        .contains("and\u0007 bells");
  }
}
