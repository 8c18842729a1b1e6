package dev.runnerlint.facts.sudo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.facts.GroupFile;
import dev.runnerlint.facts.ParseProblem;
import dev.runnerlint.facts.PasswdFile;
import dev.runnerlint.facts.TestTree;
import dev.runnerlint.facts.sudo.SudoGrant.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SudoersTest {

  static final SudoUser RUNNER_IN_SUDO =
      new SudoUser("runner", 1001, Set.of(1001L, 27L, 123L), Set.of("runner", "sudo", "docker"));
  static final SudoUser RUNNER_PLAIN =
      new SudoUser("runner", 1001, Set.of(1001L), Set.of("runner"));
  static final SudoUser BOB = new SudoUser("bob", 1002, Set.of(1002L), Set.of("bob"));
  static final SudoUser ROOT_USER = new SudoUser("root", 0, Set.of(0L), Set.of("root"));

  static String resource(String name) {
    try (InputStream in = SudoersTest.class.getResourceAsStream("sudoers/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Sudoers policy(String... pathAndText) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < pathAndText.length; i += 2) {
      files.put(pathAndText[i], pathAndText[i + 1]);
    }
    return Sudoers.load(SudoersSource.ofTexts(files));
  }

  static Sudoers main(String text) {
    return policy("/etc/sudoers", text);
  }

  @Nested
  class Distributions {
    @Test
    void debianGivesGroupSudoAllCommandsWithAPassword() {
      Sudoers s =
          policy(
              "/etc/sudoers", resource("debian-bookworm.sudoers"),
              "/etc/sudoers.d/README", resource("debian-sudoers.d-README"));
      SudoGrant g = s.grantFor(RUNNER_IN_SUDO);
      assertThat(g.decision()).isEqualTo(Decision.ALL_WITH_PASSWORD);
      assertThat(g.allCommandsWithoutPassword()).isFalse();
      assertThat(g.decidedBy())
          .hasValueSatisfying(
              l -> {
                assertThat(l.path()).isEqualTo("/etc/sudoers");
                assertThat(l.line()).isEqualTo(50);
                assertThat(l.text()).isEqualTo("%sudo\tALL=(ALL:ALL) ALL");
              });
      assertThat(g.problems()).isEmpty();
      assertThat(g.reliesOn())
          .extracting(SudoersFile::path)
          .containsExactly("/etc/sudoers", "/etc/sudoers.d/README");
      assertThat(s.grantFor(RUNNER_PLAIN).decision()).isEqualTo(Decision.NOT_GRANTED);
      assertThat(s.grantFor(ROOT_USER).decision()).isEqualTo(Decision.ALL_NOPASSWD);
    }

    @Test
    void debianWithARunnerDropInGivesNopasswd() {
      Sudoers s =
          policy(
              "/etc/sudoers", resource("debian-bookworm.sudoers"),
              "/etc/sudoers.d/README", resource("debian-sudoers.d-README"),
              "/etc/sudoers.d/runner", "runner ALL=(ALL) NOPASSWD: ALL\n");
      SudoGrant g = s.grantFor(RUNNER_PLAIN);
      assertThat(g.allCommandsWithoutPassword()).isTrue();
      assertThat(g.decidedBy()).map(SudoersLine::toString).hasValue("/etc/sudoers.d/runner:1");
      assertThat(g.decidingChain())
          .extracting(SudoersFile::path)
          .containsExactly("/etc/sudoers", "/etc/sudoers.d/runner");
      assertThat(g.decidingChain().get(1).includedFrom())
          .map(SudoersLine::toString)
          .hasValue("/etc/sudoers:54");
    }

    @Test
    void ubuntuAdminGroupGetsAllCommandsWithAPassword() {
      Sudoers s = main(resource("ubuntu-jammy.sudoers"));
      SudoUser admin = new SudoUser("ann", 1000, Set.of(1000L, 115L), Set.of("ann", "admin"));
      SudoGrant g = s.grantFor(admin);
      assertThat(g.decision()).isEqualTo(Decision.ALL_WITH_PASSWORD);
      assertThat(g.decidedBy()).map(SudoersLine::line).hasValue(47);
      assertThat(g.problems()).isEmpty();
      assertThat(g.notes())
          .anyMatch(n -> n.contains("/etc/sudoers.d") && n.contains("not a directory"));
    }

    @Test
    void alpineLeavesWheelWithoutSudoBecauseTheLineIsCommented() {
      Sudoers s = main(resource("alpine.sudoers"));
      SudoUser wheel = new SudoUser("runner", 1001, Set.of(1001L, 10L), Set.of("runner", "wheel"));
      SudoGrant g = s.grantFor(wheel);
      assertThat(g.decision()).isEqualTo(Decision.NOT_GRANTED);
      assertThat(g.decidedBy()).isEmpty();
      assertThat(g.problems()).isEmpty();
      assertThat(s.grantFor(ROOT_USER).decidedBy()).map(SudoersLine::line).hasValue(108);
    }

    @Test
    void fedoraHashIncludedirIsADirectiveNotAComment() {
      Sudoers s =
          policy(
              "/etc/sudoers",
              resource("fedora.sudoers"),
              "/etc/sudoers.d/runner",
              "runner ALL=(ALL) NOPASSWD: ALL\n");
      SudoUser wheel = new SudoUser("ann", 1000, Set.of(1000L, 10L), Set.of("ann", "wheel"));
      assertThat(s.grantFor(wheel).decision()).isEqualTo(Decision.ALL_WITH_PASSWORD);
      assertThat(s.grantFor(wheel).decidedBy()).map(SudoersLine::line).hasValue(89);
      assertThat(s.grantFor(RUNNER_PLAIN).allCommandsWithoutPassword()).isTrue();
      assertThat(s.problems()).isEmpty();
      assertThat(s.files())
          .extracting(SudoersFile::path)
          .containsExactly("/etc/sudoers", "/etc/sudoers.d/runner");
    }

    @Test
    void officialArcRunnerImageLineGivesGroupSudoNopasswd() {
      // echo "%sudo   ALL=(ALL:ALL) NOPASSWD:ALL" > /etc/sudoers
      Sudoers s = main("%sudo   ALL=(ALL:ALL) NOPASSWD:ALL\n");
      SudoGrant g = s.grantFor(RUNNER_IN_SUDO);
      assertThat(g.allCommandsWithoutPassword()).isTrue();
      assertThat(g.decidedBy()).map(SudoersLine::line).hasValue(1);
      assertThat(s.grantFor(RUNNER_PLAIN).decision()).isEqualTo(Decision.NOT_GRANTED);
    }
  }

  @Nested
  class Overrides {
    @Test
    void aLaterPasswdLineOverridesAnEarlierNopasswdOne() {
      Sudoers s =
          policy(
              "/etc/sudoers", "@includedir /etc/sudoers.d\n",
              "/etc/sudoers.d/runner", "runner ALL=(ALL) NOPASSWD: ALL\n",
              "/etc/sudoers.d/zz-lockdown", "# tighten\nrunner ALL=(ALL) PASSWD: ALL\n");
      SudoGrant g = s.grantFor(RUNNER_PLAIN);
      assertThat(g.decision()).isEqualTo(Decision.ALL_WITH_PASSWORD);
      assertThat(g.decidedBy()).map(SudoersLine::toString).hasValue("/etc/sudoers.d/zz-lockdown:2");
    }

    @Test
    void includedFilesAreReadInLexicalOrder() {
      Sudoers s =
          policy(
              "/etc/sudoers", "@includedir /etc/sudoers.d\n",
              "/etc/sudoers.d/b", "runner ALL=(ALL) NOPASSWD: ALL\n",
              "/etc/sudoers.d/a", "runner ALL=(ALL) PASSWD: ALL\n");
      assertThat(s.files())
          .extracting(SudoersFile::path)
          .containsExactly("/etc/sudoers", "/etc/sudoers.d/a", "/etc/sudoers.d/b");
      assertThat(s.grantFor(RUNNER_PLAIN).allCommandsWithoutPassword()).isTrue();
    }

    @Test
    void includedDirSkipsNamesWithADotOrATilde() {
      Sudoers s =
          policy(
              "/etc/sudoers", "#includedir /etc/sudoers.d\n",
              "/etc/sudoers.d/runner.conf", "runner ALL=(ALL) NOPASSWD: ALL\n",
              "/etc/sudoers.d/runner~", "runner ALL=(ALL) NOPASSWD: ALL\n",
              "/etc/sudoers.d/other", "bob ALL=(ALL) ALL\n");
      assertThat(s.grantFor(RUNNER_PLAIN).decision()).isEqualTo(Decision.NOT_GRANTED);
      assertThat(s.files())
          .extracting(SudoersFile::path)
          .containsExactly("/etc/sudoers", "/etc/sudoers.d/other");
    }

    @Test
    void includeIsReadInPlaceSoLaterLinesOfTheMainFileStillWin() {
      Sudoers s =
          policy(
              "/etc/sudoers",
              "@include /etc/sudoers.local\nrunner ALL=(ALL) PASSWD: ALL\n",
              "/etc/sudoers.local",
              "runner ALL=(ALL) NOPASSWD: ALL\n");
      SudoGrant g = s.grantFor(RUNNER_PLAIN);
      assertThat(g.decision()).isEqualTo(Decision.ALL_WITH_PASSWORD);
      assertThat(g.decidedBy()).map(SudoersLine::toString).hasValue("/etc/sudoers:2");
    }

    @Test
    void relativeIncludeIsResolvedAgainstTheIncludingFile() {
      Sudoers s =
          policy(
              "/etc/sudoers", "@include sudoers.local\n",
              "/etc/sudoers.local", "runner ALL=(ALL) NOPASSWD: ALL\n");
      assertThat(s.grantFor(RUNNER_PLAIN).allCommandsWithoutPassword()).isTrue();
    }

    @Test
    void aNegatedCommandAfterAllIsAnException() {
      SudoGrant g = main("runner ALL=(ALL) NOPASSWD: ALL, !/usr/bin/su\n").grantFor(RUNNER_PLAIN);
      assertThat(g.decision()).isEqualTo(Decision.ALL_NOPASSWD);
      assertThat(g.allCommandsWithoutPassword()).isFalse();
      assertThat(g.exceptions()).singleElement().asString().contains("/usr/bin/su is denied");
    }

    @Test
    void aLaterPasswordForOneCommandIsAnException() {
      SudoGrant g =
          main("runner ALL=(ALL) NOPASSWD: ALL\nrunner ALL=(ALL) PASSWD: /usr/bin/passwd\n")
              .grantFor(RUNNER_PLAIN);
      assertThat(g.allCommandsWithoutPassword()).isFalse();
      assertThat(g.exceptions())
          .singleElement()
          .asString()
          .contains("/usr/bin/passwd asks for a password");
    }

    @Test
    void notAllLastDenies() {
      SudoGrant g =
          main("runner ALL=(ALL) NOPASSWD: ALL\nrunner ALL = !ALL\n").grantFor(RUNNER_PLAIN);
      assertThat(g.decision()).isEqualTo(Decision.DENIED);
      assertThat(g.decidedBy()).map(SudoersLine::line).hasValue(2);
    }

    @Test
    void tagsCarryOverToLaterCommandsOfTheSameList() {
      assertThat(
              main("runner ALL = (ALL) NOPASSWD: /bin/ls, ALL\n")
                  .grantFor(RUNNER_PLAIN)
                  .allCommandsWithoutPassword())
          .isTrue();
      assertThat(
              main("runner ALL = (ALL) NOPASSWD: /bin/ls, PASSWD: ALL\n")
                  .grantFor(RUNNER_PLAIN)
                  .decision())
          .isEqualTo(Decision.ALL_WITH_PASSWORD);
      assertThat(
              main("runner ALL = (ALL) NOPASSWD: SETENV: NOEXEC: ALL\n")
                  .grantFor(RUNNER_PLAIN)
                  .allCommandsWithoutPassword())
          .isTrue();
    }

    @Test
    void tagsDoNotCarryOverAcrossHostSections() {
      SudoGrant g =
          main("runner ALL = NOPASSWD: /bin/ls : ALL = (ALL) ALL\n").grantFor(RUNNER_PLAIN);
      assertThat(g.decision()).isEqualTo(Decision.ALL_WITH_PASSWORD);
    }
  }

  @Nested
  class Matching {
    @Test
    void negatedUserIsExcluded() {
      Sudoers s = main("ALL, !runner ALL=(ALL) NOPASSWD: ALL\n");
      assertThat(s.grantFor(RUNNER_PLAIN).decision()).isEqualTo(Decision.NOT_GRANTED);
      assertThat(s.grantFor(BOB).allCommandsWithoutPassword()).isTrue();
      Sudoers t = main("%sudo, !runner ALL=(ALL) NOPASSWD: ALL\n");
      assertThat(t.grantFor(RUNNER_IN_SUDO).decision()).isEqualTo(Decision.NOT_GRANTED);
    }

    @Test
    void aliasesReferToAliasesAndSeveralAreDefinedOnOneLine() {
      Sudoers s =
          main(
              """
              User_Alias ADMINS = %devs, runner : OPS = #1002
              User_Alias STAFF = ADMINS, OPS
              Runas_Alias ROOTISH = root, #0
              Host_Alias ANY = ALL
              Cmnd_Alias EVERYTHING = ALL
              STAFF ANY = (ROOTISH) NOPASSWD: EVERYTHING
              """);
      assertThat(s.grantFor(RUNNER_PLAIN).allCommandsWithoutPassword()).isTrue();
      assertThat(s.grantFor(BOB).allCommandsWithoutPassword()).isTrue(); // #1002
      SudoUser eve = new SudoUser("eve", 1003, Set.of(1003L), Set.of("eve"));
      assertThat(s.grantFor(eve).decision()).isEqualTo(Decision.NOT_GRANTED);
      assertThat(s.problems()).isEmpty();
    }

    @Test
    void negationInsideAnAliasAndOfAnAlias() {
      Sudoers s =
          main(
              """
              User_Alias NOT_RUNNER = ALL, !runner
              NOT_RUNNER ALL = (ALL) NOPASSWD: ALL
              Cmnd_Alias SHELLS = /bin/sh, /bin/bash
              bob ALL = (ALL) NOPASSWD: ALL, !SHELLS
              """);
      assertThat(s.grantFor(RUNNER_PLAIN).decision()).isEqualTo(Decision.NOT_GRANTED);
      SudoGrant bob = s.grantFor(BOB);
      assertThat(bob.decision()).isEqualTo(Decision.ALL_NOPASSWD);
      assertThat(bob.exceptions()).hasSize(2);
    }

    @Test
    void uidAndGidForms() {
      assertThat(
              main("#1001 ALL=(ALL) NOPASSWD: ALL\n")
                  .grantFor(RUNNER_PLAIN)
                  .allCommandsWithoutPassword())
          .isTrue();
      assertThat(
              main("%#123 ALL=(ALL) NOPASSWD: ALL\n")
                  .grantFor(RUNNER_IN_SUDO)
                  .allCommandsWithoutPassword())
          .isTrue();
      assertThat(main("%#123 ALL=(ALL) NOPASSWD: ALL\n").grantFor(RUNNER_PLAIN).decision())
          .isEqualTo(Decision.NOT_GRANTED);
    }

    @Test
    void runAsMustIncludeRoot() {
      assertThat(main("runner ALL = (bob) NOPASSWD: ALL\n").grantFor(RUNNER_PLAIN).decision())
          .isEqualTo(Decision.NOT_GRANTED);
      assertThat(main("runner ALL = (:ALL) NOPASSWD: ALL\n").grantFor(RUNNER_PLAIN).decision())
          .isEqualTo(Decision.NOT_GRANTED);
      assertThat(
              main("runner ALL = NOPASSWD: ALL\n")
                  .grantFor(RUNNER_PLAIN)
                  .allCommandsWithoutPassword())
          .isTrue();
    }

    @Test
    void hostSpecificRulesAreNotAppliedAndSaySo() {
      SudoGrant g = main("runner web1 = (ALL) NOPASSWD: ALL\n").grantFor(RUNNER_PLAIN);
      assertThat(g.decision()).isEqualTo(Decision.NOT_GRANTED);
      assertThat(g.notes()).anyMatch(n -> n.contains("web1") && n.contains("host name is unknown"));
      assertThat(
              main("runner ALL, !web1 = (ALL) NOPASSWD: ALL\n")
                  .grantFor(RUNNER_PLAIN)
                  .allCommandsWithoutPassword())
          .isTrue();
    }

    @Test
    void authenticateDefaultsApplyWhenNoTagIsGiven() {
      assertThat(
              main("Defaults:runner !authenticate\nrunner ALL=(ALL) ALL\n")
                  .grantFor(RUNNER_PLAIN)
                  .allCommandsWithoutPassword())
          .isTrue();
      assertThat(
              main("Defaults:bob !authenticate\nrunner ALL=(ALL) ALL\n")
                  .grantFor(RUNNER_PLAIN)
                  .decision())
          .isEqualTo(Decision.ALL_WITH_PASSWORD);
      assertThat(
              main("Defaults !authenticate\nrunner ALL=(ALL) PASSWD: ALL\n")
                  .grantFor(RUNNER_PLAIN)
                  .decision())
          .isEqualTo(Decision.ALL_WITH_PASSWORD);
    }
  }

  @Nested
  class Syntax {
    @Test
    void defaultsOfEveryKindParse() {
      Sudoers s =
          main(
              """
              Defaults env_reset, !lecture, passwd_tries=3
              Defaults env_keep += "HOME MAIL", secure_path = /sbin:/bin
              Defaults@localhost log_output
              Defaults:%sudo, runner !requiretty
              Defaults>root !set_logname
              Defaults!/usr/bin/sudoreplay !log_output
              runner ALL=(ALL) NOPASSWD: ALL
              """);
      assertThat(s.problems()).isEmpty();
      assertThat(s.grantFor(RUNNER_PLAIN).allCommandsWithoutPassword()).isTrue();
    }

    @Test
    void continuationCommentsAndUidAreTold() {
      Sudoers s =
          main(
              "# a comment\n"
                  + "runner ALL = (ALL) \\\n"
                  + "    NOPASSWD: ALL # trailing comment\n"
                  + "#runner ALL = !ALL\n");
      SudoGrant g = s.grantFor(RUNNER_PLAIN);
      assertThat(g.allCommandsWithoutPassword()).isTrue();
      assertThat(g.decidedBy())
          .hasValueSatisfying(
              l -> {
                assertThat(l.line()).isEqualTo(2);
                assertThat(l.text()).isEqualTo("runner ALL = (ALL)      NOPASSWD: ALL");
              });
    }

    @Test
    void optionsDigestsAndEscapesAreParsed() {
      Sudoers s =
          main(
              """
              runner ALL = (root) TIMEOUT=1h CWD=* NOPASSWD: sha256:Ra0mJrRdcrcbPMKl76L2gR8t8Iqn/+2g= /bin/ls, /bin/echo a\\,b\\:c
              runner ALL = (ALL) NOPASSWD: ALL
              """);
      assertThat(s.problems()).isEmpty();
      assertThat(s.grantFor(RUNNER_PLAIN).allCommandsWithoutPassword()).isTrue();
    }

    @Test
    void syntaxErrorsAreReportedWithFileAndLineAndTheRestIsStillRead() {
      Sudoers s =
          policy(
              "/etc/sudoers",
              "@includedir /etc/sudoers.d\n",
              "/etc/sudoers.d/broken",
              "runner ALL (ALL) NOPASSWD: ALL\nDefaults env_keep = \"HOME\nbob ALL=(ALL) ALL\n");
      assertThat(s.problems())
          .extracting(ParseProblem::path, ParseProblem::line)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("/etc/sudoers.d/broken", 1),
              org.assertj.core.groups.Tuple.tuple("/etc/sudoers.d/broken", 2));
      assertThat(s.problems().get(0).message()).contains("expected '='");
      assertThat(s.problems().get(1).message()).contains("unterminated");
      assertThat(s.grantFor(BOB).decision()).isEqualTo(Decision.ALL_WITH_PASSWORD);
      assertThat(s.grantFor(RUNNER_PLAIN).problems()).hasSize(2);
    }

    @Test
    void missingFilesAndLoopsAreNotedNotThrown() {
      Sudoers s =
          policy(
              "/etc/sudoers",
              "@include /etc/sudoers.local\n#include /etc/sudoers\nrunner ALL=(ALL) NOPASSWD: ALL\n");
      assertThat(s.notes())
          .anyMatch(n -> n.startsWith("/etc/sudoers.local (included by /etc/sudoers:1)"));
      assertThat(s.problems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.line()).isEqualTo(2);
                assertThat(p.message()).contains("include loop");
              });
      assertThat(s.grantFor(RUNNER_PLAIN).allCommandsWithoutPassword()).isTrue();
    }

    @Test
    void noSudoersFileMeansNoPolicy() {
      Sudoers s = policy("/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
      assertThat(s.present()).isFalse();
      SudoGrant g = s.grantFor(RUNNER_PLAIN);
      assertThat(g.decision()).isEqualTo(Decision.NOT_GRANTED);
      assertThat(g.notes()).anyMatch(n -> n.contains("/etc/sudoers does not exist"));
    }

    @Test
    void undefinedAliasMatchesNothingAndIsNoted() {
      SudoGrant g = main("RUNNERS ALL=(ALL) NOPASSWD: ALL\n").grantFor(RUNNER_PLAIN);
      assertThat(g.decision()).isEqualTo(Decision.NOT_GRANTED);
      assertThat(g.notes()).anyMatch(n -> n.contains("User_Alias RUNNERS is not defined"));
    }
  }

  @Nested
  class FromTheImageTree {
    static final String PASSWD =
        "root:x:0:0:root:/root:/bin/bash\n" + "runner:x:1001:1001:,,,:/home/runner:/bin/bash\n";
    static final String GROUP =
        "root:x:0:\nsudo:x:27:runner\nrunner:x:1001:\ndocker:x:123:runner\n";

    @Test
    void officialRunnerImageLayoutGrantsRunnerNopasswd() {
      TestTree tree =
          TestTree.builder()
              .file("/etc/passwd", PASSWD, 0644, 0, 0)
              .file("/etc/group", GROUP, 0644, 0, 0)
              .file("/etc/sudoers", "%sudo   ALL=(ALL:ALL) NOPASSWD:ALL\n", 0644, 0, 0)
              .build();
      PasswdFile passwd = PasswdFile.from(tree);
      GroupFile group = GroupFile.from(tree);
      SudoUser runner = SudoUser.lookup("runner", passwd, group).orElseThrow();
      assertThat(runner.groupNames()).contains("sudo", "docker", "runner");
      SudoGrant g = Sudoers.from(tree).grantFor(runner);
      assertThat(g.allCommandsWithoutPassword()).isTrue();
      assertThat(g.reliesOn())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.entry()).hasValueSatisfying(e -> assertThat(e.uid()).isZero());
                assertThat(f.insecurity()).isEmpty();
              });
      assertThat(g.insecureFiles()).isEmpty();
    }

    @Test
    void insecureDropInsAreSkippedAndTheRestIsRead() {
      // sudo skips a file of an include directory that is not root-owned or is writable by
      // others (plugins/sudoers/toke.l: open_sudoers fails, the next file is read)
      TestTree tree =
          TestTree.builder()
              .file("/etc/sudoers", "@includedir /etc/sudoers.d\n", 0440, 0, 0)
              .file("/etc/sudoers.d/runner", "runner ALL=(ALL) NOPASSWD: ALL\n", 0440, 1001, 1001)
              .file("/etc/sudoers.d/world", "runner ALL=(ALL) NOPASSWD: ALL\n", 0666, 0, 0)
              .file("/etc/sudoers.d/group", "runner ALL=(ALL) NOPASSWD: ALL\n", 0660, 0, 27)
              .file("/etc/sudoers.d/zz-ok", "runner ALL=(ALL) ALL\n", 0440, 0, 0)
              .build();
      Sudoers s = Sudoers.from(tree);
      assertThat(s.files())
          .extracting(SudoersFile::path)
          .containsExactly("/etc/sudoers", "/etc/sudoers.d/zz-ok");
      assertThat(s.ignored())
          .containsExactly(
              "/etc/sudoers.d/group is writable by group 27 (-rw-rw----), sudo requires gid 0 for"
                  + " a group-writable file: sudo skips this file of /etc/sudoers.d",
              "/etc/sudoers.d/runner is owned by uid 1001, sudo requires uid 0: sudo skips this"
                  + " file of /etc/sudoers.d",
              "/etc/sudoers.d/world is world writable (-rw-rw-rw-): sudo skips this file of"
                  + " /etc/sudoers.d");
      SudoGrant g = s.grantFor(RUNNER_PLAIN);
      assertThat(g.decision()).isEqualTo(SudoGrant.Decision.ALL_WITH_PASSWORD);
      assertThat(g.insecureFiles()).isEmpty();
      assertThat(g.ignored()).hasSize(3);
    }

    @Test
    void insecureIncludeDirIsSkippedWhole() {
      for (int[] modeOwner : new int[][] {{0777, 0, 0}, {0755, 1001, 0}, {0775, 0, 27}}) {
        TestTree tree =
            TestTree.builder()
                .file(
                    "/etc/sudoers", "root ALL=(ALL) ALL\n@includedir /etc/sudoers.d\n", 0440, 0, 0)
                .dir("/etc/sudoers.d", modeOwner[0], modeOwner[1], modeOwner[2])
                .file("/etc/sudoers.d/runner", "runner ALL=(ALL) NOPASSWD: ALL\n", 0440, 0, 0)
                .build();
        Sudoers s = Sudoers.from(tree);
        assertThat(s.files()).extracting(SudoersFile::path).containsExactly("/etc/sudoers");
        assertThat(s.ignored())
            .singleElement()
            .asString()
            .startsWith("/etc/sudoers.d is ")
            .endsWith(": sudo ignores the whole directory (included by /etc/sudoers:2)");
        assertThat(s.grantFor(RUNNER_PLAIN).decision()).isEqualTo(SudoGrant.Decision.NOT_GRANTED);
      }
      // root-owned, group 0 writable: secure
      TestTree ok =
          TestTree.builder()
              .file("/etc/sudoers", "@includedir /etc/sudoers.d\n", 0440, 0, 0)
              .dir("/etc/sudoers.d", 0775, 0, 0)
              .file("/etc/sudoers.d/runner", "runner ALL=(ALL) NOPASSWD: ALL\n", 0440, 0, 0)
              .build();
      assertThat(Sudoers.from(ok).grantFor(RUNNER_PLAIN).allCommandsWithoutPassword()).isTrue();
    }

    @Test
    void requirettyIsEvaluatedLikeAuthenticate() {
      TestTree tree =
          TestTree.builder()
              .file(
                  "/etc/sudoers",
                  "Defaults requiretty\nDefaults:other !requiretty\n"
                      + "runner ALL=(ALL) NOPASSWD: ALL\n",
                  0440,
                  0,
                  0)
              .build();
      SudoGrant g = Sudoers.from(tree).grantFor(RUNNER_PLAIN);
      assertThat(g.allCommandsWithoutPassword()).isTrue();
      assertThat(g.requiretty()).hasValueSatisfying(l -> assertThat(l.line()).isEqualTo(1));
    }

    @Test
    void symlinkedSudoersDirAndSubdirectoriesInIt() {
      TestTree tree =
          TestTree.builder()
              .file("/etc/sudoers", "@includedir /etc/sudoers.d\n", 0440, 0, 0)
              .symlink("/etc/sudoers.d", "/opt/sudo-rules")
              .file("/opt/sudo-rules/runner", "runner ALL=(ALL) NOPASSWD: ALL\n", 0440, 0, 0)
              .dir("/opt/sudo-rules/subdir", 0755, 0, 0)
              .build();
      Sudoers s = Sudoers.from(tree);
      assertThat(s.files())
          .extracting(SudoersFile::path)
          .containsExactly("/etc/sudoers", "/etc/sudoers.d/runner");
      assertThat(s.grantFor(RUNNER_PLAIN).allCommandsWithoutPassword()).isTrue();
    }

    @Test
    void uncapturedContentIsAProblemNotAGrant() {
      TestTree tree =
          TestTree.builder()
              .file("/etc/sudoers", "@include /etc/sudoers.extra\n", 0440, 0, 0)
              .uncaptured("/etc/sudoers.extra", 0440, 0, 0)
              .build();
      SudoGrant g = Sudoers.from(tree).grantFor(RUNNER_PLAIN);
      assertThat(g.decision()).isEqualTo(Decision.NOT_GRANTED);
      assertThat(g.problems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.path()).isEqualTo("/etc/sudoers.extra");
                assertThat(p.message()).contains("not captured");
              });
      assertThat(g.reliesOn()).extracting(SudoersFile::contentKnown).containsExactly(true, false);
    }
  }
}
