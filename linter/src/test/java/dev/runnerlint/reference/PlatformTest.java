package dev.runnerlint.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlatformTest {

  @Test
  void parsesOsArchAndVariant() {
    assertThat(Platform.parse("linux/arm64/v8")).isEqualTo(new Platform("linux", "arm64", "v8"));
    assertThat(Platform.parse("linux/amd64").toString()).isEqualTo("linux/amd64");
  }

  @Test
  void rejectsMalformedPlatforms() {
    assertThatThrownBy(() -> Platform.parse("amd64"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("os/arch");
  }

  @Test
  void selectorAllSkipsAttestationEntries() {
    assertThat(PlatformSelector.ALL.accepts(Platform.parse("unknown/unknown"))).isFalse();
    assertThat(PlatformSelector.ALL.accepts(Platform.parse("linux/arm64"))).isTrue();
  }

  @Test
  void aVariantlessSelectorMatchesAnyVariant() {
    PlatformSelector arm = PlatformSelector.parse("linux/arm");
    assertThat(arm.accepts(Platform.parse("linux/arm/v7"))).isTrue();
    assertThat(PlatformSelector.parse("linux/arm/v6").accepts(Platform.parse("linux/arm/v7")))
        .isFalse();
  }
}
