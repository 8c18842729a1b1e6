package dev.runnerlint.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.fs.FileEntry;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PermissionsTest {

  static final PasswdFile P =
      PasswdFile.parse(
          "/etc/passwd",
          "root:x:0:0::/root:/bin/sh\nrunner:x:1001:1001::/home/runner:/bin/sh\n"
              + "other:x:1002:1002::/home/other:/bin/sh\n");
  static final GroupFile G =
      GroupFile.parse("/etc/group", "root:x:0:\nrunner:x:1001:\ndocker:x:123:runner\n");
  static final ContainerIdentity RUNNER =
      ContainerIdentity.resolve("runner", Optional.empty(), P, G);
  static final ContainerIdentity OTHER = ContainerIdentity.resolve("other", Optional.empty(), P, G);
  static final ContainerIdentity ROOT = ContainerIdentity.resolve("", Optional.empty(), P, G);

  static FileEntry file(int mode, long uid, long gid) {
    TestTree t = TestTree.builder().file("/f", "x", mode, uid, gid).build();
    return t.resolve("/f").entry().orElseThrow();
  }

  static FileEntry dir(int mode, long uid, long gid) {
    TestTree t = TestTree.builder().dir("/d", mode, uid, gid).build();
    return t.resolve("/d").entry().orElseThrow();
  }

  @Test
  void ownerBitsApplyToTheOwnerEvenWhenGroupOrOtherWouldAllow() {
    assertThat(Permissions.canExecute(file(0755, 1001, 1001), RUNNER)).isTrue();
    assertThat(Permissions.canExecute(file(0644, 1001, 1001), RUNNER)).isFalse();
    assertThat(Permissions.canExecute(file(0075, 1001, 1001), RUNNER)).isFalse();
    assertThat(Permissions.canWrite(file(0444, 1001, 0), RUNNER)).isFalse();
  }

  @Test
  void groupBitsApplyThroughPrimaryAndSupplementaryGroups() {
    assertThat(Permissions.canExecute(file(0750, 0, 1001), RUNNER)).isTrue(); // primary
    assertThat(Permissions.canExecute(file(0750, 0, 123), RUNNER)).isTrue(); // supplementary
    assertThat(Permissions.canWrite(file(0660, 0, 123), RUNNER)).isTrue();
    assertThat(Permissions.canExecute(file(0750, 0, 123), OTHER)).isFalse();
    assertThat(Permissions.canExecute(file(0705, 0, 123), RUNNER)).isFalse(); // group class: 0
  }

  @Test
  void otherBitsApplyToEveryoneElse() {
    assertThat(Permissions.canExecute(file(0701, 0, 0), OTHER)).isTrue();
    assertThat(Permissions.canExecute(file(0750, 0, 0), OTHER)).isFalse();
    assertThat(Permissions.canRead(file(0604, 0, 0), OTHER)).isTrue();
    assertThat(Permissions.canWrite(file(0604, 0, 0), OTHER)).isFalse();
  }

  @Test
  void rootNeedsAnyExecuteBitButMayWriteAnything() {
    assertThat(Permissions.canExecute(file(0001, 1001, 1001), ROOT)).isTrue();
    assertThat(Permissions.canExecute(file(0644, 0, 0), ROOT)).isFalse();
    assertThat(Permissions.canWrite(file(0444, 1001, 1001), ROOT)).isTrue();
    assertThat(Permissions.canExecute(dir(0700, 1001, 1001), ROOT)).isTrue();
  }

  @Test
  void worldWritable() {
    assertThat(Permissions.worldWritable(file(0666, 0, 0))).isTrue();
    assertThat(Permissions.worldWritable(file(0664, 0, 0))).isFalse();
  }

  @Test
  void everyDirectoryOnTheWayNeedsSearchPermission() {
    TestTree t =
        TestTree.builder()
            .dir("/actions-runner", 0700, 0, 0)
            .file("/actions-runner/run.sh", "#!/bin/sh\n", 0755, 1001, 1001)
            .dir("/open", 0755, 0, 0)
            .dir("/open/grp", 0710, 0, 123)
            .file("/open/grp/tool", "x", 0755, 0, 0)
            .build();
    Optional<Permissions.SearchDenied> d =
        Permissions.searchDenied(t, "/actions-runner/run.sh", RUNNER);
    assertThat(d)
        .hasValueSatisfying(
            x -> {
              assertThat(x.directory()).isEqualTo("/actions-runner");
              assertThat(x.describe())
                  .isEqualTo(
                      "the directory /actions-runner (mode drwx------ 0:0) does not let it"
                          + " search (x): stat /actions-runner/run.sh: permission denied");
            });
    assertThat(Permissions.canExecutePath(t, "/actions-runner/run.sh", RUNNER)).isFalse();
    // root passes (CAP_DAC_OVERRIDE); group x is enough for a member of docker
    assertThat(Permissions.searchDenied(t, "/actions-runner/run.sh", ROOT)).isEmpty();
    assertThat(Permissions.canExecutePath(t, "/open/grp/tool", RUNNER)).isTrue();
    assertThat(Permissions.canExecutePath(t, "/open/grp/tool", OTHER)).isFalse();
    // a missing path is not this walk's business
    assertThat(Permissions.searchDenied(t, "/open/nothing/here", RUNNER)).isEmpty();
  }

  @Test
  void theWalkFollowsSymlinksAndChecksTheLinksOwnDirectories() {
    TestTree t =
        TestTree.builder()
            .dir("/closed", 0700, 0, 0)
            .file("/closed/run.sh", "x", 0755, 1001, 1001)
            .symlink("/closed/link", "/open/run.sh")
            .dir("/open", 0755, 0, 0)
            .file("/open/run.sh", "x", 0755, 1001, 1001)
            .symlink("/open/to-closed", "../closed/run.sh")
            .symlink("/runner", "closed")
            .build();
    // the target's directory blocks
    assertThat(Permissions.searchDenied(t, "/open/to-closed", RUNNER))
        .map(Permissions.SearchDenied::directory)
        .hasValue("/closed");
    // the link's own directory blocks, though its target is reachable
    assertThat(Permissions.searchDenied(t, "/closed/link", RUNNER))
        .map(Permissions.SearchDenied::directory)
        .hasValue("/closed");
    // a symlinked directory: its target is searched
    assertThat(Permissions.searchDenied(t, "/runner/run.sh", RUNNER))
        .map(Permissions.SearchDenied::directory)
        .hasValue("/closed");
    assertThat(Permissions.searchDenied(t, "/open/run.sh", RUNNER)).isEmpty();
  }
}
