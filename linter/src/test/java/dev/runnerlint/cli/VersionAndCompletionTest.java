package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.cli.LintCli.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --version} (version, git commit, build date) and {@code completion bash|zsh}. */
class VersionAndCompletionTest {

  /** {@code git rev-parse --short=12 HEAD} of the checkout, or "unknown" without git. */
  private static String gitHead() throws Exception {
    Path root = Path.of(System.getProperty("runnerlint.projectRoot", ".."));
    Process p;
    try {
      p =
          new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "--short=12", "HEAD")
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException noGit) {
      return "unknown";
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() == 0 ? out : "unknown";
  }

  @Test
  void versionPrintsTheVersionTheCommitOfTheCheckoutAndTheBuildDate() throws Exception {
    Run run = LintCli.run("--version");
    assertThat(run.code()).as(run.toString()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).isEqualTo("runnerlint " + VersionProvider.version());
    assertThat(VersionProvider.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    // the build ran `git rev-parse` on this checkout (a commit made since the build would differ,
    // but Maven compiled this test in the same build)
    assertThat(lines[1]).matches("commit: " + gitHead() + "(-dirty)?");
    assertThat(lines[2]).matches("built: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  }

  @Test
  void theFastVersionPathPrintsWhatPicocliPrints() {
    // A lone --version skips picocli's model; with --debug beside it picocli prints the version.
    Run fast = LintCli.run("--version");
    Run picocli = LintCli.run("--debug", "--version");
    assertThat(picocli.code()).as(picocli.toString()).isZero();
    assertThat(fast.out()).isEqualTo(picocli.out()).startsWith("runnerlint ");
    assertThat(LintCli.run("-V").out()).isEqualTo(picocli.out());
  }

  @Test
  void aSubcommandBuiltAloneParsesAndHelpsAsInTheWholeTree() {
    // `lint --help` builds only lint's model, `help lint` the whole tree: the same help text.
    for (String command : new String[] {"lint", "inspect", "rules", "explain", "cache"}) {
      Run alone = LintCli.run(command, "--help");
      Run whole = LintCli.run("help", command);
      assertThat(alone.code()).as(alone.toString()).isZero();
      assertThat(alone.out())
          .as(command)
          .isEqualTo(whole.out())
          .contains("Usage: runnerlint " + command);
    }
    // Main itself (what the man pages and completion are made from) holds the whole tree.
    assertThat(new picocli.CommandLine(new Main()).getSubcommands().keySet())
        .containsExactly("inspect", "lint", "rules", "explain", "completion", "help", "cache");
    Run unknown = LintCli.run("lint", "--no-such-option", "oci:x");
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("Unknown option: '--no-such-option'");
  }

  @Test
  void completionPrintsPicocliBashScriptForBashAndZsh() {
    Run bash = LintCli.run("completion", "bash");
    assertThat(bash.code()).as(bash.toString()).isZero();
    assertThat(bash.out())
        .startsWith("#!/usr/bin/env bash")
        .contains("complete -F _complete_runnerlint")
        .contains("inspect lint rules explain completion")
        .contains("--runner-dir");
    Run zsh = LintCli.run("completion", "zsh");
    assertThat(zsh.out()).isEqualTo(bash.out()).contains("bashcompinit");

    Run fish = LintCli.run("completion", "fish");
    assertThat(fish.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(fish.err()).contains("unsupported shell 'fish': use bash or zsh");
  }
}
