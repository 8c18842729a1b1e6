package dev.runnerlint.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.facts.ContainerIdentity.Severity;
import dev.runnerlint.image.ImageConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentityTest {

  // As the official runner image makes them: adduser --uid 1001 runner, groupadd docker --gid 123,
  // usermod -aG sudo runner, usermod -aG docker runner.
  static final String PASSWD =
      """
      root:x:0:0:root:/root:/bin/bash
      # a comment
      daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin

      broken line without colons
      runner:x:1001:1001:,,,:/home/runner:/bin/bash
      runner:x:2002:2002:shadowed duplicate:/elsewhere:/bin/sh
      nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
      """;
  static final String GROUP =
      """
      root:x:0:
      sudo:x:27:runner
      runner:x:1001:
      docker:x:123:runner,other
      staff:x:50:
      bad:x:notanumber:
      """;

  static final PasswdFile P = PasswdFile.parse("/etc/passwd", PASSWD);
  static final GroupFile G = GroupFile.parse("/etc/group", GROUP);

  static ContainerIdentity resolve(String user) {
    return ContainerIdentity.resolve(user, Optional.empty(), P, G);
  }

  static ImageConfig config(String user, String... env) {
    return new ImageConfig(
        "linux", "amd64", "", user, "/home/runner", List.of(env), null, null, null, null);
  }

  @Test
  void passwdParsingKeepsLineNumbersAndFirstMatchWins() {
    assertThat(P.byName("runner"))
        .hasValueSatisfying(
            e -> {
              assertThat(e.uid()).isEqualTo(1001);
              assertThat(e.line()).isEqualTo(6);
              assertThat(e.home()).isEqualTo("/home/runner");
              assertThat(e.gecos()).isEqualTo(",,,");
            });
    assertThat(P.byUid(65534)).map(PasswdEntry::name).hasValue("nobody");
    assertThat(P.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(5));
    assertThat(G.byName("docker"))
        .hasValueSatisfying(
            g -> {
              assertThat(g.gid()).isEqualTo(123);
              assertThat(g.members()).containsExactly("runner", "other");
            });
    assertThat(G.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.toString()).isEqualTo("/etc/group:6: gid must be a number"));
  }

  @Test
  void emptyUserIsRootWithRootsHome() {
    ContainerIdentity id = resolve("");
    assertThat(id.isRoot()).isTrue();
    assertThat(id.name()).hasValue("root");
    assertThat(id.home()).hasValue("/root");
    assertThat(id.problems()).isEmpty();
  }

  @Test
  void nameGetsPrimaryGidAndSupplementaryGroupsFromGroupMembership() {
    ContainerIdentity id = ContainerIdentity.resolve(config("runner"), P, G);
    assertThat(id.uid()).isEqualTo(1001);
    assertThat(id.gid()).isEqualTo(1001);
    assertThat(id.supplementaryGids()).containsExactlyInAnyOrder(27L, 123L);
    assertThat(id.inGroup(123)).isTrue();
    assertThat(id.inGroup(50)).isFalse();
    assertThat(id.home()).hasValue("/home/runner");
    assertThat(id.isRoot()).isFalse();
    assertThat(id.problems()).isEmpty();
  }

  @Test
  void numericUidWithPasswdEntryGetsItsNameAndGroups() {
    ContainerIdentity id = resolve("1001");
    assertThat(id.name()).hasValue("runner");
    assertThat(id.supplementaryGids()).contains(123L);
    assertThat(id.problems()).isEmpty();
  }

  @Test
  void numericUidWithoutPasswdEntryIsAWarning() {
    ContainerIdentity id = resolve("4242");
    assertThat(id.uid()).isEqualTo(4242);
    assertThat(id.gid()).isZero();
    assertThat(id.name()).isEmpty();
    assertThat(id.home()).isEmpty();
    assertThat(id.hasErrors()).isFalse();
    assertThat(id.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.severity()).isEqualTo(Severity.WARNING);
              assertThat(p.message()).contains("uid 4242", "no entry in /etc/passwd");
            });
  }

  @Test
  void unknownUserNameIsAnError() {
    ContainerIdentity id = resolve("runnr");
    assertThat(id.hasErrors()).isTrue();
    assertThat(id.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.severity()).isEqualTo(Severity.ERROR);
              assertThat(p.message()).contains("'runnr' is not in /etc/passwd", "will not start");
            });
  }

  static ContainerIdentity resolveDocker(String user) {
    return ContainerIdentity.resolveDocker(user, Optional.empty(), P, G);
  }

  @Test
  void kubernetesIgnoresTheGroupPartAndKeepsTheMemberships() {
    // kubernetes/kubernetes#61967: the CRI reports only the user part of USER
    for (String user : List.of("runner", "runner:docker", "runner:dockr", "1001:50")) {
      ContainerIdentity id = resolve(user);
      assertThat(id.uid()).as(user).isEqualTo(1001);
      assertThat(id.gid()).as(user).isEqualTo(1001);
      assertThat(id.supplementaryGids()).as(user).containsExactlyInAnyOrder(27L, 123L);
      assertThat(id.problems()).as(user).isEmpty();
      assertThat(id.user()).as(user).isEqualTo(user);
    }
    // a uid without entry: primary gid 0, whatever the group part says
    ContainerIdentity bare = resolve("4242:123");
    assertThat(bare.gid()).isZero();
    assertThat(bare.supplementaryGids()).isEmpty();
    assertThat(resolve("0:staff").gid()).isZero();
    // an unknown user name is still an error: containerd finds no user
    assertThat(resolve("ghost:docker").hasErrors()).isTrue();
    assertThat(ContainerIdentity.groupPart("runner:docker")).hasValue("docker");
    assertThat(ContainerIdentity.groupPart("runner")).isEmpty();
  }

  @Test
  void podSecurityContextReplacesUserAndGroupAndAddsGroups() {
    ContainerIdentity.PodSecurity pod =
        new ContainerIdentity.PodSecurity(
            Optional.of(1001L), Optional.of(4000L), Optional.of(5000L), List.of(6000L, 7000L));
    ContainerIdentity id = ContainerIdentity.resolve("nobody:staff", Optional.empty(), P, G, pod);
    assertThat(id.uid()).isEqualTo(1001);
    assertThat(id.name()).hasValue("runner");
    assertThat(id.gid()).isEqualTo(4000);
    assertThat(id.supplementaryGids()).containsExactlyInAnyOrder(27L, 123L, 5000L, 6000L, 7000L);
    assertThat(id.inGroup(6000)).isTrue();
    // runAsGroup alone keeps the image's user
    ContainerIdentity group =
        ContainerIdentity.resolve(
            "runner",
            Optional.empty(),
            P,
            G,
            new ContainerIdentity.PodSecurity(
                Optional.empty(), Optional.of(123L), Optional.empty(), List.of()));
    assertThat(group.uid()).isEqualTo(1001);
    assertThat(group.gid()).isEqualTo(123);
  }

  @Test
  void dockerExplicitGroupForms() {
    ContainerIdentity nameGroup = resolveDocker("runner:docker");
    assertThat(nameGroup.uid()).isEqualTo(1001);
    assertThat(nameGroup.gid()).isEqualTo(123);
    assertThat(nameGroup.supplementaryGids()).isEmpty(); // runc: explicit form, no initgroups

    ContainerIdentity uidGid = resolveDocker("1001:50");
    assertThat(uidGid.uid()).isEqualTo(1001);
    assertThat(uidGid.gid()).isEqualTo(50);

    ContainerIdentity nameGid = resolveDocker("runner:4000"); // numeric gid need not exist
    assertThat(nameGid.gid()).isEqualTo(4000);
    assertThat(nameGid.problems()).isEmpty();

    ContainerIdentity uidGroup = resolveDocker("0:staff");
    assertThat(uidGroup.isRoot()).isTrue();
    assertThat(uidGroup.gid()).isEqualTo(50);

    ContainerIdentity badGroup = resolveDocker("runner:dockr");
    assertThat(badGroup.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.severity()).isEqualTo(Severity.ERROR);
              assertThat(p.message()).contains("group 'dockr' is not in /etc/group");
            });
  }

  @Test
  void envHomeWinsOverPasswdHome() {
    ContainerIdentity id = ContainerIdentity.resolve(config("runner", "HOME=/work"), P, G);
    assertThat(id.home()).hasValue("/work");
    assertThat(id.passwdHome()).hasValue("/home/runner");
  }

  @Test
  void imageWithoutPasswdFileSaysSo() {
    TestTree tree = TestTree.builder().dir("/etc", 0755, 0, 0).build();
    PasswdFile passwd = PasswdFile.from(tree);
    assertThat(passwd.present()).isFalse();
    ContainerIdentity id =
        ContainerIdentity.resolve(config("runner"), passwd, GroupFile.from(tree));
    assertThat(id.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("the image has no /etc/passwd"));
    // root works without passwd, as with runc
    assertThat(ContainerIdentity.resolve(config(""), passwd, GroupFile.from(tree)).problems())
        .isEmpty();
  }

  @Test
  void passwdIsReadThroughSymlinksAndCrlfIsTolerated() {
    TestTree tree =
        TestTree.builder()
            .file(
                "/usr/lib/passwd",
                "root:x:0:0:root:/root:/bin/sh\r\nrunner:x:1001:1001::/home/runner:/bin/sh\r\n",
                0644,
                0,
                0)
            .symlink("/etc/passwd", "../usr/lib/passwd")
            .build();
    PasswdFile passwd = PasswdFile.from(tree);
    assertThat(passwd.byName("runner")).map(PasswdEntry::shell).hasValue("/bin/sh");
    assertThat(passwd.entry()).map(e -> e.path()).hasValue("/usr/lib/passwd");
  }

  @Test
  void uncapturedPasswdIsAProblem() {
    TestTree tree = TestTree.builder().uncaptured("/etc/passwd", 0644, 0, 0).build();
    PasswdFile passwd = PasswdFile.from(tree);
    assertThat(passwd.present()).isTrue();
    assertThat(passwd.entries()).isEmpty();
    assertThat(passwd.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("not captured"));
  }
}
