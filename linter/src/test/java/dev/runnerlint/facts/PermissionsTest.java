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
}
