package dev.runnerlint.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runnerlint.dockerfile.Dockerfile;
import dev.runnerlint.facts.Elf;
import dev.runnerlint.facts.GroupFile;
import dev.runnerlint.facts.PasswdFile;
import dev.runnerlint.facts.Shebang;
import dev.runnerlint.facts.sudo.SudoUser;
import dev.runnerlint.facts.sudo.Sudoers;
import dev.runnerlint.facts.sudo.SudoersSource;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.LayerOrigin;
import dev.runnerlint.fs.TreeBuilder;
import dev.runnerlint.image.ConfigParser;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.ManifestFormatException;
import dev.runnerlint.image.ManifestParser;
import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.layer.FileType;
import dev.runnerlint.layer.LayerEntry;
import dev.runnerlint.layer.LayerFormatException;
import dev.runnerlint.layer.LayerReader;
import dev.runnerlint.reference.Platform;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fuzz targets for every parser that reads bytes from an image (or beside it). Each may throw only
 * the exception it documents for bad input; anything else (NullPointerException,
 * IndexOutOfBoundsException, OutOfMemoryError, StackOverflowError, …) is a bug.
 *
 * <p>In a normal {@code mvn test} each target runs its committed seeds (in {@code
 * src/test/resources/dev/runnerlint/fuzz/ParsersFuzzTestInputs/METHOD/}) as regression tests.
 * {@code .ci/fuzz} fuzzes each one for a bounded time ({@code JAZZER_FUZZ=1}); a crashing input it
 * finds is written to that directory and becomes a regression test once committed.
 */
class ParsersFuzzTest {

  private static final Digest LAYER = Digest.parse("sha256:" + "ab".repeat(32));

  /** A layer blob (gzip, zstd or plain tar, by its magic bytes) walked into a merged tree. */
  @FuzzTest(maxDuration = "30s")
  void layer(byte[] data) throws Exception {
    TreeBuilder builder = new TreeBuilder();
    builder.beginLayer(new LayerOrigin(0, LAYER, Optional.empty()));
    try {
      new LayerReader(
              dev.runnerlint.rules.RuleCatalog.builtin()
                  .capturePolicy(dev.runnerlint.rules.LintSettings.defaults()))
          .read(new ByteArrayInputStream(data), MediaTypes.OCI_LAYER, builder);
    } catch (LayerFormatException expected) {
      return;
    }
    builder.endLayer();
    FileTree tree = builder.build();
    for (String p : new String[] {"/etc/passwd", "/actions-runner/run.sh", "/", "/a/b/../c"}) {
      tree.resolve(p);
      tree.lstat(p);
      tree.list(p);
    }
    PasswdFile.from(tree);
    GroupFile.from(tree);
    Sudoers.from(tree);
  }

  private static final String[] NAMES = {"a", "b", "..", ".", ".wh.a", ".wh..wh..opq", "etc"};
  private static final String[] TARGETS = {"a", "/a", "../a/b", "b/..", "/", "", "a/b/c", "/etc"};

  /**
   * The merged tree of three layers of generated entries (names, types and link targets from a
   * small alphabet, so that whiteouts, opaque directories, replaced directories and symlink and
   * hard-link chains meet often), then looked up.
   */
  @FuzzTest(maxDuration = "30s")
  void tree(FuzzedDataProvider in) {
    TreeBuilder builder = new TreeBuilder();
    for (int layer = 0; layer < 3 && in.remainingBytes() > 0; layer++) {
      builder.beginLayer(new LayerOrigin(layer, LAYER, Optional.empty()));
      int entries = in.consumeInt(0, 12);
      for (int i = 0; i < entries; i++) {
        StringBuilder path = new StringBuilder();
        int depth = in.consumeInt(1, 4);
        for (int d = 0; d < depth; d++) {
          path.append('/').append(in.pickValue(NAMES));
        }
        FileType type =
            in.pickValue(new FileType[] {FileType.DIRECTORY, FileType.REGULAR, FileType.SYMLINK});
        boolean hard = type == FileType.REGULAR && in.consumeBoolean();
        Optional<String> link =
            type == FileType.SYMLINK || hard
                ? Optional.of(in.pickValue(TARGETS))
                : Optional.empty();
        String normalized = LayerEntry.normalize(path.toString());
        LayerEntry e =
            new LayerEntry(
                normalized,
                type,
                0755,
                0,
                0,
                0,
                hard ? link.map(LayerEntry::normalize) : link,
                hard);
        try {
          builder.entry(e, Optional.empty());
        } catch (LayerFormatException expected) {
          return; // a hard link to nothing: the layer is refused
        }
      }
      builder.endLayer();
    }
    FileTree tree = builder.build();
    for (int i = 0; i < 4; i++) {
      String p = "/" + in.pickValue(TARGETS);
      tree.resolve(p);
      tree.lstat(p).ifPresent(tree::content);
      tree.list(p);
    }
  }

  /** A manifest, an index or a manifest list. */
  @FuzzTest(maxDuration = "30s")
  void manifest(byte[] data) {
    try {
      ManifestParser.parse(data, null);
      ManifestParser.parse(data, MediaTypes.OCI_INDEX);
    } catch (ManifestFormatException expected) {
      // documented for bad input
    }
  }

  /** An image config. */
  @FuzzTest(maxDuration = "30s")
  void config(byte[] data) {
    try {
      ConfigParser.parse(data).createdByForLayer(1);
    } catch (ManifestFormatException expected) {
      // documented for bad input
    }
  }

  /** {@code /etc/passwd} and {@code /etc/group}: bad lines are skipped, never thrown. */
  @FuzzTest(maxDuration = "30s")
  void passwdAndGroup(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    PasswdFile passwd = PasswdFile.parse(PasswdFile.PATH, text);
    GroupFile group = GroupFile.parse(GroupFile.PATH, text);
    passwd.byName("runner");
    passwd.byUid(1001);
    group.groupsWithMember("runner");
    SudoUser.lookup("runner", passwd, group);
  }

  /** A sudoers policy; the input is split into {@code /etc/sudoers} and an included file. */
  @FuzzTest(maxDuration = "30s")
  void sudoers(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    int cut = text.indexOf('\u0000');
    Map<String, String> files = new LinkedHashMap<>();
    files.put(Sudoers.PATH, cut < 0 ? text : text.substring(0, cut));
    if (cut >= 0) {
      files.put("/etc/sudoers.d/runner", text.substring(cut + 1));
    }
    Sudoers sudoers = Sudoers.load(SudoersSource.ofTexts(files));
    sudoers.grantFor(new SudoUser("runner", 1001, Set.of(1001L, 123L), Set.of("runner", "sudo")));
    sudoers.problems();
  }

  /** The head of an executable: an ELF header. */
  @FuzzTest(maxDuration = "30s")
  void elf(byte[] data) {
    Elf.parse(data)
        .ifPresent(
            e -> {
              e.describe();
              e.matchesPlatform(new Platform("linux", "amd64", ""));
            });
  }

  /** The head of a script: its {@code #!} line. */
  @FuzzTest(maxDuration = "30s")
  void shebang(byte[] data) {
    Shebang.parse(data);
    Shebang.parse(data, false);
  }

  /** A Dockerfile ({@code --dockerfile}): never fails, unknown lines are kept as instructions. */
  @FuzzTest(maxDuration = "30s")
  void dockerfile(byte[] data) {
    Dockerfile d = Dockerfile.parse("Dockerfile", new String(data, StandardCharsets.UTF_8));
    d.forConfig("USER");
    d.forConfig("PATH");
    d.forLayer(Optional.of("RUN /bin/sh -c apt-get install -y sudo # buildkit"));
    d.forLayer(Optional.of("/bin/sh -c #(nop) COPY file:abc in /actions-runner "));
  }
}
