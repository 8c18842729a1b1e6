package dev.runnerlint.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.fs.Resolution.Status;
import dev.runnerlint.image.Digest;
import dev.runnerlint.layer.CapturePolicy;
import dev.runnerlint.layer.Content;
import dev.runnerlint.layer.FileType;
import dev.runnerlint.layer.LayerFormatException;
import dev.runnerlint.layer.LayerReader;
import dev.runnerlint.layer.TestTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TreeBuilderTest {
  private static final int HEAD = 256;

  /** Whole /etc/passwd, the heads of executables: what the facts of these tests need. */
  private static final CapturePolicy POLICY =
      CapturePolicy.builder().path("/etc/passwd", Integer.MAX_VALUE).executables(HEAD).build();

  private final TreeBuilder builder = new TreeBuilder();
  private int next;

  /** Applies one layer given as a tar built with {@link TestTar}. */
  private void layer(TestTar tar) throws IOException {
    layer(tar, "RUN step " + next);
  }

  private void layer(TestTar tar, String createdBy) throws IOException {
    String hex = String.format("%064x", next + 1);
    builder.beginLayer(new LayerOrigin(next, new Digest("sha256", hex), Optional.of(createdBy)));
    new LayerReader(POLICY)
        .read(
            new ByteArrayInputStream(tar.tar()), "application/vnd.oci.image.layer.v1.tar", builder);
    builder.endLayer();
    next++;
  }

  private static TestTar tar() {
    return new TestTar();
  }

  @Test
  void whiteoutOfAFileHidesItAndKeepsItsSiblings() throws IOException {
    layer(tar().dir("etc", 0755, 0, 0).file("etc/old", "x", 0644).file("etc/keep", "y", 0644));
    layer(tar().file("etc/.wh.old", "", 0644));
    FileTree t = builder.build();

    assertThat(t.lstat("/etc/old")).isEmpty();
    assertThat(t.resolve("/etc/old").status()).isEqualTo(Status.NOT_FOUND);
    assertThat(t.list("/etc")).extracting(FileEntry::name).containsExactly("keep");
    assertThat(t.lstat("/etc/.wh.old")).isEmpty();
    assertThat(t.size()).isEqualTo(2);
  }

  @Test
  void whiteoutOfADirectoryHidesItsSubtree() throws IOException {
    layer(tar().file("opt/tool/bin/tool", "t", 0755).file("opt/tool/README", "r", 0644));
    layer(tar().file("opt/.wh.tool", "", 0644));
    FileTree t = builder.build();

    assertThat(t.lstat("/opt/tool")).isEmpty();
    assertThat(t.lstat("/opt/tool/bin/tool")).isEmpty();
    assertThat(t.list("/opt")).isEmpty();
  }

  @Test
  void aWhiteoutHidesOnlyLowerLayersNotWhatItsOwnLayerAdds() throws IOException {
    layer(tar().file("srv/a/lower", "l", 0644));
    // the same layer re-creates /srv/a before its whiteout marker
    layer(tar().file("srv/a/upper", "u", 0644).file("srv/.wh.a", "", 0644));
    FileTree t = builder.build();

    assertThat(t.list("/srv/a")).extracting(FileEntry::name).containsExactly("upper");
  }

  @Test
  void opaqueDirectoryHidesLowerChildrenButKeepsItsOwnLayersInAnyOrder() throws IOException {
    layer(
        tar()
            .dir("actions-runner", 0755, 1001, 1001)
            .file("actions-runner/run.sh", "#!/bin/bash\n", 0755)
            .file("actions-runner/bin/Runner.Listener", "old", 0755));
    layer(
        tar()
            .file("actions-runner/config.sh", "#!/bin/bash\n", 0755) // before the marker
            .file("actions-runner/.wh..wh..opq", "", 0644)
            .file("actions-runner/bin/Runner.Worker", "new", 0755)); // after it, under a lower dir
    FileTree t = builder.build();

    assertThat(t.list("/actions-runner"))
        .extracting(FileEntry::name)
        .containsExactly("bin", "config.sh");
    assertThat(t.list("/actions-runner/bin"))
        .extracting(FileEntry::name)
        .containsExactly("Runner.Worker");
    assertThat(t.resolve("/actions-runner/run.sh").status()).isEqualTo(Status.NOT_FOUND);
    // the opaque dir itself stays, with its lower attributes
    assertThat(t.lstat("/actions-runner").orElseThrow().uid()).isEqualTo(1001);
  }

  @Test
  void aFileReplacedByASymlinkAndADirectoryReplacedByAFile() throws IOException {
    layer(tar().file("usr/bin/python", "py", 0755).file("data/x/y", "y", 0644));
    layer(
        tar()
            .symlink("usr/bin/python", "python3")
            .file("usr/bin/python3", "py3", 0755)
            .file("data/x", "now a file", 0644));
    FileTree t = builder.build();

    FileEntry python = t.lstat("/usr/bin/python").orElseThrow();
    assertThat(python.type()).isEqualTo(FileType.SYMLINK);
    assertThat(python.linkTarget()).contains("python3");
    assertThat(python.origin().index()).isEqualTo(1);
    assertThat(t.resolve("/usr/bin/python").entry().orElseThrow().path())
        .isEqualTo("/usr/bin/python3");
    assertThat(t.lstat("/data/x").orElseThrow().type()).isEqualTo(FileType.REGULAR);
    assertThat(t.resolve("/data/x/y").status()).isEqualTo(Status.NOT_A_DIRECTORY);
  }

  @Test
  void symlinkChainThroughDirectories() throws IOException {
    layer(
        tar()
            .symlink("a", "b")
            .dir("b", 0755, 0, 0)
            .symlink("b/c", "../d")
            .file("d/e", "found", 0644));
    FileTree t = builder.build();

    Resolution r = t.resolve("/a/c/e");

    assertThat(r.status()).isEqualTo(Status.FOUND);
    assertThat(r.resolvedPath()).isEqualTo("/d/e");
    assertThat(r.entry().orElseThrow().path()).isEqualTo("/d/e");
    assertThat(r.hops()).containsExactly("/a -> b", "/b/c -> ../d");
    assertThat(t.content(r.entry().orElseThrow())).isEmpty(); // not asked for by the policy
  }

  @Test
  void absoluteTargetsResolveAgainstTheImageRootRelativeOnesAgainstTheLinkDirectory()
      throws IOException {
    layer(
        tar()
            .file("etc/target", "root one", 0644)
            .file("opt/app/etc/target", "app one", 0644)
            .symlink("opt/app/abs", "/etc/target")
            .symlink("opt/app/rel", "etc/target"));
    FileTree t = builder.build();

    assertThat(t.resolve("/opt/app/abs").resolvedPath()).isEqualTo("/etc/target");
    assertThat(t.resolve("/opt/app/rel").resolvedPath()).isEqualTo("/opt/app/etc/target");
    assertThat(t.lstat("/opt/app/abs").orElseThrow().isSymlink()).isTrue();
  }

  @Test
  void dotDotNeverEscapesTheRoot() throws IOException {
    layer(
        tar()
            .file("etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644)
            .symlink("escape", "../../../../etc/passwd")
            .symlink("up/abs", "/../../etc"));
    FileTree t = builder.build();

    assertThat(t.resolve("/../../etc/passwd").resolvedPath()).isEqualTo("/etc/passwd");
    assertThat(t.resolve("/escape").resolvedPath()).isEqualTo("/etc/passwd");
    assertThat(t.resolve("/up/abs/passwd").resolvedPath()).isEqualTo("/etc/passwd");
    assertThat(t.resolve("/..").resolvedPath()).isEqualTo("/");
  }

  @Test
  void aSymlinkLoopIsReportedNotFollowedForever() throws IOException {
    layer(
        tar()
            .symlink("loop1", "loop2")
            .symlink("loop2", "/loop1")
            .symlink("self", "self")
            .symlink("dir/up", "../dir/up"));
    FileTree t = builder.build();

    assertThat(t.resolve("/loop1").status()).isEqualTo(Status.LOOP);
    assertThat(t.resolve("/self/x").status()).isEqualTo(Status.LOOP);
    assertThat(t.resolve("/dir/up").status()).isEqualTo(Status.LOOP);
    assertThat(t.lstat("/loop1")).isPresent(); // the link itself is there
    assertThat(t.list("/loop1")).isEmpty();
  }

  @Test
  void fortyHopsResolveFortyOneAreTooMany() throws IOException {
    TestTar tar = tar().file("target", "end", 0644);
    for (int i = 0; i < 41; i++) {
      tar.symlink("l" + i, i == 40 ? "target" : "l" + (i + 1));
    }
    layer(tar);
    FileTree t = builder.build();

    Resolution forty = t.resolve("/l1");
    assertThat(forty.status()).isEqualTo(Status.FOUND);
    assertThat(forty.hops()).hasSize(40);
    Resolution fortyOne = t.resolve("/l0");
    assertThat(fortyOne.status()).isEqualTo(Status.TOO_MANY_HOPS);
    assertThat(fortyOne.hops()).hasSize(FileTree.MAX_SYMLINK_HOPS);
  }

  @Test
  void deepSelfExpandingLinkEndsInTooManyHopsWithoutStackOverflow() throws IOException {
    layer(tar().symlink("grow", "grow/x"));
    FileTree t = builder.build();

    assertThat(t.resolve("/grow").status()).isEqualTo(Status.TOO_MANY_HOPS);
  }

  @Test
  void aHardLinkSharesItsTargetsAttributesAndContent() throws IOException {
    byte[] elf = new byte[300];
    elf[0] = 0x7f;
    layer(tar().file("usr/bin/sudo", elf, 04755, 0, 0));
    layer(tar().hardlink("usr/bin/sudoedit", "usr/bin/sudo"));
    FileTree t = builder.build();

    FileEntry link = t.lstat("/usr/bin/sudoedit").orElseThrow();
    assertThat(link.type()).isEqualTo(FileType.REGULAR);
    assertThat(link.hardLink()).isTrue();
    assertThat(link.linkTarget()).contains("/usr/bin/sudo");
    assertThat(link.mode()).isEqualTo(04755);
    assertThat(link.size()).isEqualTo(300);
    assertThat(link.modeString()).isEqualTo("-rwsr-xr-x");
    assertThat(link.origin().index()).isEqualTo(1);
    Content c = t.content(link).orElseThrow();
    assertThat(c.bytes()).hasSize(HEAD);
    assertThat(c.truncated()).isTrue();
  }

  @Test
  void aHardLinkToAMissingTargetOrADirectoryIsACorruptLayer() throws IOException {
    assertThatThrownBy(() -> layer(tar().hardlink("usr/bin/ghost", "usr/bin/missing")))
        .isInstanceOf(LayerFormatException.class)
        .hasMessage(
            "hard link /usr/bin/ghost points to /usr/bin/missing, which no entry before it wrote:"
                + " containerd and Docker cannot unpack this layer");
    TreeBuilder other = new TreeBuilder();
    other.beginLayer(new LayerOrigin(0, new Digest("sha256", "0".repeat(64)), Optional.empty()));
    assertThatThrownBy(
            () ->
                new LayerReader(
                        dev.runnerlint.rules.RuleCatalog.builtin()
                            .capturePolicy(dev.runnerlint.rules.LintSettings.defaults()))
                    .read(
                        new ByteArrayInputStream(
                            tar().dir("etc", 0755, 0, 0).hardlink("etc-link", "etc").tar()),
                        "application/vnd.oci.image.layer.v1.tar",
                        other))
        .isInstanceOf(LayerFormatException.class)
        .hasMessageContaining("points to /etc, a directory");
  }

  @Test
  void mergedUsrBinShLookup() throws IOException {
    layer(
        tar()
            .symlink("bin", "usr/bin")
            .file("usr/bin/dash", "\u007fELF", 0755)
            .symlink("usr/bin/sh", "dash"));
    // a later layer written through the symlinked parent lands in /usr/bin
    layer(tar().file("bin/extra", "#!/bin/sh\n", 0755));
    FileTree t = builder.build();

    Resolution sh = t.resolve("/bin/sh");
    assertThat(sh.status()).isEqualTo(Status.FOUND);
    assertThat(sh.resolvedPath()).isEqualTo("/usr/bin/dash");
    assertThat(t.lstat("/bin/sh").orElseThrow().isSymlink()).isTrue();
    assertThat(t.lstat("/bin").orElseThrow().isSymlink()).isTrue();
    assertThat(t.lstat("/usr/bin/extra")).isPresent();
    assertThat(t.list("/bin")).extracting(FileEntry::name).containsExactly("dash", "extra", "sh");
  }

  @Test
  void setuidSetgidAndStickyModeStrings() throws IOException {
    layer(
        tar()
            .file("usr/bin/sudo", new byte[1], 04755, 0, 0)
            .file("usr/bin/wall", new byte[1], 02755, 0, 5)
            .file("odd", new byte[1], 04644, 0, 0)
            .dir("tmp", 01777, 0, 0));
    FileTree t = builder.build();

    assertThat(t.lstat("/usr/bin/sudo").orElseThrow().modeString()).isEqualTo("-rwsr-xr-x");
    assertThat(t.lstat("/usr/bin/wall").orElseThrow().modeString()).isEqualTo("-rwxr-sr-x");
    assertThat(t.lstat("/odd").orElseThrow().modeString()).isEqualTo("-rwSr--r--");
    assertThat(t.lstat("/tmp").orElseThrow().modeString()).isEqualTo("drwxrwxrwt");
  }

  @Test
  void implicitParentsAreRootDirectoriesAndEntriesKeepTheirLayer() throws IOException {
    layer(tar().file("home/runner/.bashrc", "x", 0644), "RUN adduser runner");
    layer(tar().dir("home/runner", 0750, 1001, 1001), "RUN chown runner /home/runner");
    FileTree t = builder.build();

    FileEntry home = t.lstat("/home").orElseThrow();
    assertThat(home.isDirectory()).isTrue();
    assertThat(home.mode()).isEqualTo(0755);
    assertThat(home.uid()).isZero();
    FileEntry runner = t.lstat("/home/runner").orElseThrow();
    assertThat(runner.uid()).isEqualTo(1001);
    assertThat(runner.origin().index()).isEqualTo(1);
    assertThat(runner.origin().createdBy()).contains("RUN chown runner /home/runner");
    // a directory over a directory keeps what is inside
    FileEntry bashrc = t.lstat("/home/runner/.bashrc").orElseThrow();
    assertThat(bashrc.origin().createdBy()).contains("RUN adduser runner");
    assertThat(bashrc.origin().digest().hex()).endsWith("1");
    assertThat(t.lstat("/").orElseThrow().isDirectory()).isTrue();
    assertThat(t.size()).isEqualTo(3);
  }

  @Test
  void contentIsCapturedForTheFacts() throws IOException {
    layer(tar().file("etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644));
    layer(
        tar()
            .file(
                "etc/passwd",
                "root:x:0:0::/root:/bin/sh\nrunner:x:1001:1001::/home/runner:/bin/bash\n",
                0644));
    FileTree t = builder.build();

    FileEntry passwd = t.resolve("/etc/passwd").entry().orElseThrow();
    assertThat(t.content(passwd).orElseThrow().text()).contains("runner:x:1001");
    assertThat(new String(t.content(passwd).orElseThrow().bytes(), StandardCharsets.UTF_8))
        .doesNotEndWith("root:/bin/sh\n");
  }
}
