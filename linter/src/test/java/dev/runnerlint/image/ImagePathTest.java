package dev.runnerlint.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Lexical image paths: the same answer on every host, never above the root. */
class ImagePathTest {

  @Test
  void normalisesLexicallyAndNeverClimbsAboveTheRoot() {
    assertThat(ImagePath.normalize("./etc//./passwd")).isEqualTo("/etc/passwd");
    assertThat(ImagePath.normalize("../../etc/shadow")).isEqualTo("/etc/shadow");
    assertThat(ImagePath.normalize("/a/b/../../../c/")).isEqualTo("/c");
    assertThat(ImagePath.normalize("")).isEqualTo("/");
    assertThat(ImagePath.normalize("a\\b/..x/...")).isEqualTo("/a\\b/..x/...");
  }

  @Test
  void joinsParentsAndNames() {
    assertThat(ImagePath.join("/etc/sudoers.d", "../sudoers")).isEqualTo("/etc/sudoers");
    assertThat(ImagePath.of("/etc/sudoers").parent().resolve("sudoers.d/x").value())
        .isEqualTo("/etc/sudoers.d/x");
    assertThat(ImagePath.of("/etc").resolve("/usr//bin").value()).isEqualTo("/usr/bin");
    assertThat(ImagePath.parent("/etc")).isEqualTo("/");
    assertThat(ImagePath.ROOT.parent()).isEqualTo(ImagePath.ROOT);
    assertThat(ImagePath.name("/usr/bin/sudo")).isEqualTo("sudo");
    assertThat(ImagePath.child("/", "etc")).isEqualTo("/etc");
    assertThatThrownBy(() -> new ImagePath("etc")).isInstanceOf(IllegalArgumentException.class);
  }
}
