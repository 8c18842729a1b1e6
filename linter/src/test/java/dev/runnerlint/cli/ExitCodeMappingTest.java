package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.source.ImageReadException;
import org.junit.jupiter.api.Test;

/** The documented exit codes for what commands throw (README, "Exit codes"). */
class ExitCodeMappingTest {

  @Test
  void anUnreadableImageIsExitThree() {
    assertThat(
            Main.exitCodeFor(
                new ImageReadException(ImageReadException.Kind.NETWORK, "img", "down")))
        .isEqualTo(ExitCodes.IMAGE_UNREADABLE);
  }

  @Test
  void badInputIsExitTwo() {
    assertThat(Main.exitCodeFor(new UsageException("--fail-on: invalid")))
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void anUnexpectedIllegalArgumentIsABugNotAUsageError() {
    assertThat(Main.exitCodeFor(new IllegalArgumentException("bug"))).isEqualTo(ExitCodes.INTERNAL);
    assertThat(Main.exitCodeFor(new IllegalStateException("bug"))).isEqualTo(ExitCodes.INTERNAL);
  }
}
