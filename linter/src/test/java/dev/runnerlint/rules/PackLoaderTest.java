package dev.runnerlint.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.RuleInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading packs: the built-in catalog, user packs, and errors with file:line. */
class PackLoaderTest {
  @TempDir Path dir;

  private Path pack(String name, String yaml) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  private static final String HEAD = "pack: acme\nrules:\n";

  /** A pack with rule ACME001 up to (not including) its {@code check:}, which starts at line 7. */
  private static final String ONE_RULE =
      HEAD + "  - id: ACME001\n    name: x\n    level: error\n    summary: s\n";

  private PackException loadError(String yaml) throws IOException {
    Path p = pack("acme.yaml", yaml);
    try {
      RuleCatalog.load(List.of(p));
    } catch (PackException e) {
      assertThat(e.file()).isEqualTo(p.toString());
      return e;
    }
    throw new AssertionError("pack loaded without error");
  }

  @Test
  void builtinCatalogHasTheIssueCatalogInOrderWithDocs() {
    RuleCatalog c = RuleCatalog.builtin();
    assertThat(c.rules())
        .extracting(Rule::id)
        .containsExactly(
            "ARC001", "ARC002", "ARC003", "ARC004", "ARC005", "ARC006", "ARC007", "ARC008",
            "ARC009", "ARC101", "ARC102", "ARC103", "ARC104", "ARC105", "ARC106", "ARC201",
            "ARC301", "ARC302", "ARC303", "ARC304", "ARC305", "ARC306", "ARC311", "ARC312",
            "ARC313", "ARC314", "ARC321", "ARC322", "ARC331", "ARC332");
    assertThat(c.infos())
        .extracting(RuleInfo::pack)
        .containsOnly("arc-contract", "arc-parity", "arc-deployment");
    assertThat(c.infos())
        .filteredOn(i -> i.id().startsWith("ARC3"))
        .extracting(RuleInfo::defaultLevel)
        .containsOnly(Level.ERROR);
    assertThat(c.infos())
        .filteredOn(i -> i.id().compareTo("ARC009") < 0)
        .extracting(RuleInfo::defaultLevel)
        .containsOnly(Level.ERROR);
    // the group part of USER is ignored on Kubernetes: the pod starts, so only a warning
    assertThat(c.info("ARC009").orElseThrow().defaultLevel()).isEqualTo(Level.WARNING);
    assertThat(c.infos())
        .filteredOn(i -> i.id().startsWith("ARC1"))
        .extracting(RuleInfo::defaultLevel)
        .containsOnly(Level.WARNING);
    assertThat(c.info("ARC201").orElseThrow().defaultLevel()).isEqualTo(Level.NOTE);
    for (RuleInfo i : c.infos()) {
      assertThat(i.help())
          .as(i.id())
          .startsWith("# " + i.id() + " " + i.name())
          .contains("## What")
          .contains("## Why")
          .contains("## How to fix")
          .containsAnyOf("```dockerfile", "```yaml");
      assertThat(i.helpUri()).endsWith("/rules/docs/" + i.id() + ".md");
      assertThat(i.name()).matches("[a-z0-9]+(-[a-z0-9]+)*");
    }
    assertThat(c.info("ARC001").orElseThrow().help()).contains("run.sh: not found");
    assertThat(c.info("ARC005").orElseThrow().help())
        .contains("Must not run interactively with sudo");
    assertThat(c.info("ARC008").orElseThrow().help()).contains("exec format error");
    assertThat(c.info("ARC104").orElseThrow().help()).contains("sudo: effective uid is not 0");
  }

  @Test
  void userPackFollowsTheBuiltinsAndReadsItsDoc() throws IOException, PackException {
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/ACME001.md"), "# ACME001\nUse our base image.\n");
    Path p =
        pack(
            "acme.yaml",
            HEAD
                + "  - id: ACME001\n"
                + "    name: jq-installed\n"
                + "    level: warning\n"
                + "    summary: jq is on the PATH.\n"
                + "    check:\n"
                + "      command.onPath: {name: jq}\n");
    RuleCatalog c = RuleCatalog.load(List.of(p));
    assertThat(c.rules()).last().extracting(Rule::id).isEqualTo("ACME001");
    assertThat(c.info("ACME001").orElseThrow().help())
        .isEqualTo("# ACME001\nUse our base image.\n");
    assertThat(c.info("ACME001").orElseThrow().pack()).isEqualTo("acme");
  }

  @Test
  void atNamesDeploymentKeysAndRequiresOnlyDeployment() throws IOException {
    PackException at =
        loadError(
            ONE_RULE
                + "    check:\n"
                + "      path.exists: {path: /a}\n"
                + "      at: [runAsUser, securityContext]\n");
    assertThat(at.line()).isEqualTo(9);
    assertThat(at.problem())
        .startsWith("unknown deployment key 'securityContext' in 'at'; expected env.NAME or one of")
        .contains("readOnlyRootFilesystem");
    PackException req = loadError("pack: acme\nrequires: docker\nrules:\n  - id: A\n");
    assertThat(req.line()).isEqualTo(2);
    assertThat(req.problem())
        .isEqualTo("unknown 'requires: docker'; the only requirement is deployment");
  }

  @Test
  void unknownPrimitiveNamesItsLine() throws IOException {
    PackException e =
        loadError(
            HEAD
                + "  - id: ACME001\n"
                + "    name: x\n"
                + "    level: error\n"
                + "    summary: s\n"
                + "    check:\n"
                + "      all:\n"
                + "        - path.exists: {path: /a}\n"
                + "        - path.isthere: {path: /b}\n");
    assertThat(e.line()).isEqualTo(10);
    assertThat(e.getMessage()).startsWith(e.file() + ":10: unknown check primitive 'path.isthere'");
    assertThat(e.problem()).contains("path.exists").contains("sudoers.nopasswdAll");
  }

  @Test
  void unknownParameterNamesItsLine() throws IOException {
    PackException e =
        loadError(
            HEAD
                + "  - id: ACME001\n"
                + "    name: x\n"
                + "    level: error\n"
                + "    summary: s\n"
                + "    check:\n"
                + "      path.type:\n"
                + "        path: /a\n"
                + "        is: file\n"
                + "        follow: false\n");
    assertThat(e.line()).isEqualTo(11);
    assertThat(e.problem()).startsWith("unknown parameter 'follow' for 'path.type'");
  }

  @Test
  void badParameterValuesNameTheirLine() throws IOException {
    PackException choice =
        loadError(ONE_RULE + "    check:\n      path.type: {path: /a, is: socket}\n");
    assertThat(choice.line()).isEqualTo(8);
    assertThat(choice.problem()).contains("must be one of dir, file, symlink, found 'socket'");

    PackException number =
        loadError(ONE_RULE + "    check:\n      user.hasUid:\n        uid: one\n");
    assertThat(number.line()).isEqualTo(9);
    assertThat(number.problem()).contains("must be a non-negative integer");

    PackException missing = loadError(ONE_RULE + "    check:\n      path.owner: {uid: 0}\n");
    assertThat(missing.line()).isEqualTo(8);
    assertThat(missing.problem()).contains("'path.owner' needs parameter 'path'");

    PackException variable =
        loadError(ONE_RULE + "    check:\n      path.exists:\n        path: ${runnerdir}/run.sh\n");
    assertThat(variable.line()).isEqualTo(9);
    assertThat(variable.problem()).contains("unknown variable '${runnerdir}'");

    PackException mode =
        loadError(ONE_RULE + "    check:\n      path.mode: {path: /a, has: \"9\"}\n");
    assertThat(mode.problem()).contains("octal mode bits");
  }

  @Test
  void unknownLevelNamesItsLine() throws IOException {
    PackException e =
        loadError(
            HEAD
                + "  - id: ACME001\n"
                + "    name: x\n"
                + "    level: fatal\n"
                + "    summary: s\n"
                + "    check: {path.exists: {path: /a}}\n");
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.problem()).isEqualTo("unknown level 'fatal': expected error, warning or note");
  }

  @Test
  void duplicateRuleIdInAPackNamesBothLines() throws IOException {
    PackException e =
        loadError(
            ONE_RULE
                + "    check: {path.exists: {path: /a}}\n"
                + "  - id: ACME001\n    name: y\n    level: error\n    summary: s\n"
                + "    check: {path.exists: {path: /b}}\n");
    assertThat(e.line()).isEqualTo(8);
    assertThat(e.problem()).isEqualTo("duplicate rule id 'ACME001' (first declared at line 3)");
  }

  @Test
  void ruleIdOfABuiltinIsADuplicate() throws IOException {
    PackException e =
        loadError(
            HEAD
                + "  - id: ARC004\n    name: x\n    level: error\n    summary: s\n"
                + "    check: {path.exists: {path: /a}}\n");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.problem())
        .startsWith(
            "duplicate rule id 'ARC004': already declared in " + "builtin:arc-contract.yaml:");
  }

  @Test
  void structuralErrorsNameTheirLine() throws IOException {
    assertThat(loadError("pack: acme\n").problem()).isEqualTo("missing 'rules:' (a list of rules)");
    assertThat(loadError("pack: Acme Pack\nrules: []\n").problem()).contains("must be kebab-case");
    PackException noCheck = loadError(ONE_RULE);
    assertThat(noCheck.line()).isEqualTo(3);
    assertThat(noCheck.problem()).isEqualTo("rule ACME001 has no 'check:'");
    PackException two =
        loadError(ONE_RULE + "    check:\n      path.exists: {path: /a}\n      user.isRoot: {}\n");
    assertThat(two.line()).isEqualTo(8);
    assertThat(two.problem()).contains("exactly one of").contains("use all: to combine");
    PackException not = loadError(ONE_RULE + "    check:\n      not: {user.isRoot: {}}\n");
    assertThat(not.problem()).contains("'not:' needs a 'message:'");
    PackException key = loadError(ONE_RULE + "    severity: high\n    check: {user.isRoot: {}}\n");
    assertThat(key.line()).isEqualTo(7);
    assertThat(key.problem()).startsWith("unknown key 'severity' in rule");
    PackException help =
        loadError(ONE_RULE + "    help: docs/missing.md\n    check: {user.isRoot: {}}\n");
    assertThat(help.line()).isEqualTo(7);
    assertThat(help.problem()).isEqualTo("help file 'docs/missing.md' not found next to the pack");
  }

  @Test
  void malformedYamlNamesTheParserLine() throws IOException {
    PackException e = loadError(HEAD + "  - id: ACME001\n    name: [x\n    level: error\n");
    assertThat(e.line()).isPositive();
    assertThat(e.problem()).startsWith("malformed YAML");
  }

  @Test
  void duplicateKeysAreErrors() throws IOException {
    PackException e =
        loadError(
            HEAD
                + "  - id: ACME001\n    name: x\n    name: y\n    level: error\n    summary: s\n"
                + "    check: {user.isRoot: {}}\n");
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.problem()).isEqualTo("duplicate key 'name'");
  }

  @Test
  void missingPackFileIsAnError() {
    Path p = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> RuleCatalog.load(List.of(p)))
        .isInstanceOf(PackException.class)
        .hasMessageStartingWith(p + ": cannot read rule pack");
  }
}
