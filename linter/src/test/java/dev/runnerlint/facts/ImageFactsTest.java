package dev.runnerlint.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.reference.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An image laid out like the official ARC runner image, asked through {@link ImageFacts}. */
class ImageFactsTest {

  static byte[] elfHead() {
    return ElfTest.header(2, 1, 0x3E);
  }

  static final TestTree TREE =
      TestTree.builder()
          .file(
              "/etc/passwd",
              "root:x:0:0:root:/root:/bin/bash\nrunner:x:1001:1001:,,,:/home/runner:/bin/bash\n",
              0644,
              0,
              0)
          .file(
              "/etc/group",
              "root:x:0:\nsudo:x:27:runner\nrunner:x:1001:\ndocker:x:123:runner\n",
              0644,
              0,
              0)
          .file("/etc/sudoers", "%sudo   ALL=(ALL:ALL) NOPASSWD:ALL\n", 0644, 0, 0)
          .file("/usr/bin/bash", elfHead(), 0755, 0, 0)
          .file("/usr/bin/sudo", elfHead(), 04755, 0, 0)
          .symlink("/bin", "usr/bin")
          .dir("/home/runner", 0755, 1001, 1001)
          .file(
              "/home/runner/run.sh",
              "#!/bin/bash\n\"$(dirname \"$0\")\"/run-helper.sh\n",
              0755,
              1001,
              1001)
          .file("/home/runner/bin/Runner.Listener", elfHead(), 0755, 1001, 1001)
          .build();

  static final ImageConfig CONFIG =
      new ImageConfig(
          "linux",
          "amd64",
          "",
          "runner",
          "/home/runner",
          List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
          null,
          null,
          null,
          null);

  @Test
  void theFactsOfAConformingRunnerImage() {
    ImageFacts facts = new ImageFacts(TREE, CONFIG);
    ContainerIdentity id = facts.identity();
    assertThat(id.uid()).isEqualTo(1001);
    assertThat(id.inGroup(123)).isTrue();
    assertThat(id.home()).hasValue("/home/runner");

    var runSh = TREE.resolve("/home/runner/run.sh").entry().orElseThrow();
    assertThat(Permissions.canExecute(runSh, id)).isTrue();
    Shebang shebang = Shebang.parse(TREE.content(runSh).orElseThrow());
    assertThat(facts.path().find(TREE, shebang.command().orElseThrow(), id))
        .hasValueSatisfying(
            f -> assertThat(f.resolution().resolvedPath()).isEqualTo("/usr/bin/bash"));

    var listener = TREE.resolve("/home/runner/bin/Runner.Listener").entry().orElseThrow();
    assertThat(
            Elf.parse(TREE.content(listener).orElseThrow())
                .orElseThrow()
                .matchesPlatform(Platform.parse("linux/amd64")))
        .isTrue();

    assertThat(facts.path().find(TREE, "sudo"))
        .hasValueSatisfying(
            f -> {
              assertThat(f.entry().uid()).isZero();
              assertThat(f.entry().modeString()).isEqualTo("-rwsr-xr-x");
            });
    assertThat(facts.sudoGrant("runner"))
        .hasValueSatisfying(
            g -> {
              assertThat(g.allCommandsWithoutPassword()).isTrue();
              assertThat(g.insecureFiles()).isEmpty();
            });
    assertThat(facts.sudoGrant("nobody")).isEmpty();
  }
}
