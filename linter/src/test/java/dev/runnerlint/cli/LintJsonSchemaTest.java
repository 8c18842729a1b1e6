package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.runnerlint.cli.LintCli.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docs/lint-output.schema.json} describes what {@code lint --format json} writes. */
class LintJsonSchemaTest {
  private static final Path ROOT =
      Path.of(System.getProperty("runnerlint.projectRoot", "..")).toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonSchema schema() throws IOException {
    try (InputStream in = Files.newInputStream(ROOT.resolve("docs/lint-output.schema.json"))) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }

  @Test
  void theCliOutputMatchesTheSchema(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve(".runnerlint.yaml"),
        "suppressions:\n  - rule: ARC103\n    reason: the node image sets it\n"
            + "    expires: 2099-12-31\n");
    String samples = ROOT.resolve("fixtures/samples").toString();
    Run run =
        LintCli.run(
            new Environment(dir, Map.of(), false),
            "lint",
            "--format",
            "json",
            "oci:" + samples + "/runner-broken",
            "oci:" + samples + "/runner-ok",
            "oci:" + samples + "/missing",
            "UPPER/case:tag");

    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("images")).hasSize(4);
    assertThat(report.get("exitCode").asInt()).isEqualTo(run.code());
    assertThat(report.at("/summary/suppressed").asInt()).isEqualTo(1);
    assertThat(schema().validate(report)).isEmpty();
  }

  @Test
  void theGoldenReportsMatchTheSchema() throws IOException {
    for (String name : new String[] {"failing.json", "passing.json"}) {
      JsonNode golden =
          JSON.readTree(ROOT.resolve("linter/src/test/resources/golden/" + name).toFile());
      assertThat(schema().validate(golden)).as(name).isEmpty();
    }
  }

  @Test
  void theSchemaRejectsWhatTheToolNeverWrites() throws IOException {
    JsonNode golden =
        JSON.readTree(ROOT.resolve("linter/src/test/resources/golden/failing.json").toFile());
    ObjectNode extra = golden.deepCopy();
    extra.put("unexpected", true);
    ObjectNode badLevel = golden.deepCopy();
    ((ObjectNode) badLevel.at("/images/0/findings/0")).put("level", "fatal");
    ObjectNode noExitCode = golden.deepCopy();
    noExitCode.remove("exitCode");
    for (JsonNode bad : new JsonNode[] {extra, badLevel, noExitCode}) {
      Set<ValidationMessage> errors = schema().validate(bad);
      assertThat(errors).isNotEmpty();
    }
  }
}
