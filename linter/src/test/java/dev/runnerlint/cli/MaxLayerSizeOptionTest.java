package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code --max-layer-size}: documented in --help, parsed strictly, honoured by lint and inspect.
 */
class MaxLayerSizeOptionTest {

  private static String ok() {
    return "oci:"
        + Path.of(System.getProperty("runnerlint.projectRoot", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("fixtures/samples/runner-ok");
  }

  @Test
  void helpShowsTheOptionAndItsDefault() {
    LintCli.Run run = LintCli.run("lint", "--help");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("--max-layer-size=SIZE").contains("(default: 16GiB)");
  }

  @Test
  void badSizesAreUsageErrors() {
    LintCli.Run zero = LintCli.run("lint", "--max-layer-size", "0", ok());
    LintCli.Run junk = LintCli.run("lint", "--max-layer-size", "12XB", ok());
    LintCli.Run huge = LintCli.run("lint", "--max-layer-size", "9999999999T", ok());

    assertThat(zero.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(zero.err()).contains("'0' must be at least 1 byte");
    assertThat(junk.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(junk.err()).contains("'12XB' is not a size: expected e.g. 512MiB, 16GiB");
    assertThat(huge.code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void lintAndInspectRefuseALayerLargerThanTheBound() {
    LintCli.Run fits = LintCli.run("lint", "--max-layer-size", "1MiB", ok());
    LintCli.Run lint = LintCli.run("lint", "--max-layer-size", "2k", ok());
    LintCli.Run inspect = LintCli.run("inspect", "--max-layer-size", "2KiB", ok());

    assertThat(fits.code()).as(fits.toString()).isZero();
    assertThat(lint.code()).as(lint.toString()).isEqualTo(ExitCodes.IMAGE_UNREADABLE);
    assertThat(lint.err())
        .contains("of linux/amd64: the layer inflates to more than 2 KiB (--max-layer-size)");
    assertThat(inspect.code()).as(inspect.toString()).isEqualTo(ExitCodes.IMAGE_UNREADABLE);
    assertThat(inspect.err()).contains("the layer inflates to more than 2 KiB");
  }
}
