package dev.runnerlint.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.image.ImageConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PathLookupTest {

  // merged-usr layout: /bin -> usr/bin
  static final TestTree TREE =
      TestTree.builder()
          .file("/usr/bin/bash", "\u007fELF", 0755, 0, 0)
          .file("/usr/bin/env", "\u007fELF", 0755, 0, 0)
          .symlink("/bin", "usr/bin")
          .file("/usr/local/bin/tool", "#!/bin/sh\n", 0700, 0, 0)
          .file("/opt/tools/tool", "#!/bin/sh\n", 0755, 0, 0)
          .dir("/usr/local/sbin/bash", 0755, 0, 0)
          .build();

  static ImageConfig config(String... env) {
    return new ImageConfig("linux", "amd64", "", "", "", List.of(env), null, null, null, null);
  }

  @Test
  void defaultPathWhenTheImageSetsNone() {
    PathLookup path = PathLookup.of(config());
    assertThat(path.directories())
        .containsExactly(
            "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");
    // /usr/local/sbin/bash is a directory: skipped, like execvp does
    assertThat(path.find(TREE, "bash"))
        .hasValueSatisfying(
            f -> {
              assertThat(f.path()).isEqualTo("/usr/bin/bash");
              assertThat(f.entry().path()).isEqualTo("/usr/bin/bash");
            });
  }

  @Test
  void imagePathIsUsedAndSymlinkedDirectoriesAreFollowed() {
    PathLookup path = PathLookup.of(config("PATH=/bin:/opt/tools"));
    assertThat(path.find(TREE, "bash"))
        .hasValueSatisfying(
            f -> {
              assertThat(f.path()).isEqualTo("/bin/bash");
              assertThat(f.resolution().resolvedPath()).isEqualTo("/usr/bin/bash");
            });
    assertThat(path.find(TREE, "python3")).isEmpty();
  }

  @Test
  void anEntryTheUserCannotExecuteIsSkipped() {
    PasswdFile p = PasswdFile.parse("/etc/passwd", "runner:x:1001:1001::/home/runner:/bin/sh\n");
    GroupFile g = GroupFile.parse("/etc/group", "runner:x:1001:\n");
    ContainerIdentity runner = ContainerIdentity.resolve("runner", Optional.empty(), p, g);
    PathLookup path = PathLookup.ofPath("/usr/local/bin:/opt/tools");
    assertThat(path.find(TREE, "tool")).map(PathLookup.Found::path).hasValue("/usr/local/bin/tool");
    assertThat(path.find(TREE, "tool", runner))
        .map(PathLookup.Found::path)
        .hasValue("/opt/tools/tool");
  }

  @Test
  void commandWithASlashIsLookedUpAsIsAndRelativePathElementsAreIgnored() {
    PathLookup path = PathLookup.ofPath(".:relative::/nowhere");
    assertThat(path.directories()).containsExactly("/nowhere");
    assertThat(path.find(TREE, "/bin/env")).isPresent();
    assertThat(path.find(TREE, "bash")).isEmpty();
  }
}
