package dev.runnerlint.rules.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.findings.Level;
import dev.runnerlint.rules.LintSettings;
import dev.runnerlint.rules.SuppressionRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .runnerlint.yaml}: every key, and errors with file:line. */
class LintConfigTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path p = dir.resolve(LintConfig.FILE_NAME);
    Files.writeString(p, yaml);
    return p;
  }

  private ConfigException error(String yaml) throws IOException {
    Path p = write(yaml);
    try {
      LintConfig.load(p);
    } catch (ConfigException e) {
      assertThat(e.getMessage()).startsWith(p + ":" + e.line() + ": ");
      return e;
    }
    throw new AssertionError("config loaded without error");
  }

  @Test
  void readsEveryKey() throws IOException, ConfigException {
    Files.createDirectories(dir.resolve("packs"));
    Files.writeString(dir.resolve("packs/acme.yaml"), "pack: acme\n");
    Path p =
        write(
            """
        runnerDir: /home/runner
        disable: [ARC201]
        levels:
          ARC102: error
          ARC004: note
        failOn: warning
        rules:
          - packs/acme.yaml
        suppressions:
          - rule: ARC004
            image: ghcr.io/acme/*
            reason: the pod template sets workingDir
            expires: 2026-01-01
          - rule: ARC103
            reason: docker group comes from the node
        """);
    LintConfig c = LintConfig.load(p);
    assertThat(c.runnerDir()).contains("/home/runner");
    assertThat(c.disable()).containsExactly("ARC201");
    assertThat(c.levels()).containsEntry("ARC102", Level.ERROR).containsEntry("ARC004", Level.NOTE);
    assertThat(c.failOn()).contains(FailOn.WARNING);
    assertThat(c.failOn().orElseThrow().threshold()).contains(Level.WARNING);
    assertThat(c.rules())
        .containsExactly(dir.resolve("packs/acme.yaml").toAbsolutePath().normalize());
    assertThat(c.suppressions())
        .containsExactly(
            new SuppressionRule(
                "ARC004",
                Optional.of("ghcr.io/acme/*"),
                "the pod template sets workingDir",
                Optional.of(LocalDate.of(2026, 1, 1))),
            new SuppressionRule(
                "ARC103", Optional.empty(), "docker group comes from the node", Optional.empty()));

    LintSettings s = c.applyTo(LintSettings.builder()).level("ARC102", Level.NOTE).build();
    assertThat(s.runnerDir()).isEqualTo("/home/runner");
    assertThat(s.disabled()).containsExactly("ARC201");
    assertThat(s.levels()).containsEntry("ARC102", Level.NOTE);
    assertThat(s.suppressions()).hasSize(2);
  }

  @Test
  void unknownRuleIdsNameTheirLine() throws Exception {
    LintConfig c =
        LintConfig.load(
            write("disable: [ARC201]\nsuppressions:\n  - rule: ARC999\n" + "    reason: typo\n"));
    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class,
            () -> c.validateAgainst(dev.runnerlint.rules.RuleCatalog.builtin()));
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.problem()).isEqualTo("unknown rule ID 'ARC999' in suppressions");
  }

  @Test
  void emptyFileMeansDefaults() throws IOException, ConfigException {
    LintConfig c = LintConfig.load(write(""));
    assertThat(c.runnerDir()).isEmpty();
    assertThat(c.suppressions()).isEmpty();
    assertThat(FailOn.parse("never").threshold()).isEmpty();
  }

  @Test
  void suppressionWithoutReasonIsAnError() throws IOException {
    ConfigException e =
        error(
            """
        suppressions:
          - rule: ARC004
            image: ghcr.io/acme/*
        """);
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.problem()).isEqualTo("the suppression of ARC004 needs a 'reason:' saying why");
    ConfigException blank = error("suppressions:\n  - rule: ARC004\n    reason: \"\"\n");
    assertThat(blank.line()).isEqualTo(3);
  }

  @Test
  void badValuesNameTheirLine() throws IOException {
    ConfigException date =
        error("suppressions:\n  - rule: ARC004\n    reason: r\n" + "    expires: 01/02/2026\n");
    assertThat(date.line()).isEqualTo(4);
    assertThat(date.problem()).isEqualTo("'expires' must be a date YYYY-MM-DD, found '01/02/2026'");
    ConfigException level = error("levels:\n  ARC004: fatal\n");
    assertThat(level.line()).isEqualTo(2);
    assertThat(level.problem()).contains("unknown level 'fatal' for ARC004");
    ConfigException failOn = error("failOn: sometimes\n");
    assertThat(failOn.line()).isEqualTo(1);
    ConfigException key = error("runnerDir: /x\nrunner_dir: /y\n");
    assertThat(key.line()).isEqualTo(2);
    assertThat(key.problem()).startsWith("unknown key 'runner_dir'");
    ConfigException dirRel = error("runnerDir: actions-runner\n");
    assertThat(dirRel.problem()).contains("absolute path");
    ConfigException pack = error("rules:\n  - missing.yaml\n");
    assertThat(pack.line()).isEqualTo(2);
    assertThat(pack.problem()).startsWith("rule pack 'missing.yaml' not found");
  }
}
