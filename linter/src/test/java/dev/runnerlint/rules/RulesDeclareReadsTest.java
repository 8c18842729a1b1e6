package dev.runnerlint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.fixtures.SampleImages;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.layer.CapturePolicy;
import dev.runnerlint.layer.FileType;
import dev.runnerlint.layer.LayerEntry;
import dev.runnerlint.pipeline.ImageReader;
import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.source.ImageSource;
import dev.runnerlint.source.ImageSources;
import dev.runnerlint.source.SourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capture policy is the union of what the loaded rules declare they read. */
class RulesDeclareReadsTest {

  private static LayerEntry file(String path, int mode) {
    return new LayerEntry(path, FileType.REGULAR, mode, 0, 0, 10, Optional.empty(), false);
  }

  private static int bytes(CapturePolicy p, String path, int mode) {
    return p.bytesToCapture(file(path, mode));
  }

  @Test
  void theBuiltinRulesReadTheirFilesAndNothingElse() {
    CapturePolicy p = RuleCatalog.builtin().capturePolicy(LintSettings.defaults());

    assertThat(bytes(p, "/etc/passwd", 0644)).isEqualTo(CapturePolicy.DEFAULT_MAX_CAP);
    assertThat(bytes(p, "/etc/group", 0644)).isEqualTo(CapturePolicy.DEFAULT_MAX_CAP);
    assertThat(bytes(p, "/etc/sudoers", 0440)).isEqualTo(CapturePolicy.DEFAULT_MAX_CAP);
    assertThat(bytes(p, "/etc/sudoers.d/runner", 0440)).isEqualTo(CapturePolicy.DEFAULT_MAX_CAP);
    // ARC003 reads run.sh's #! line, ARC008 Runner.Listener's ELF header: heads only
    assertThat(bytes(p, "/actions-runner/run.sh", 0644)).isEqualTo(256);
    assertThat(bytes(p, "/actions-runner/bin/Runner.Listener", 0755)).isEqualTo(256);
    // links may lead anywhere: the heads of executables generally
    assertThat(bytes(p, "/usr/bin/bash", 0755)).isEqualTo(256);
    // no rule reads these
    assertThat(bytes(p, "/etc/os-release", 0644)).isZero();
    assertThat(bytes(p, "/etc/motd", 0644)).isZero();
    assertThat(bytes(p, "/home/runner/k8s/index.js", 0644)).isZero();
  }

  @Test
  void theRunnerDirAndDisabledRulesShapeThePolicy() {
    RuleCatalog catalog = RuleCatalog.builtin();
    CapturePolicy home =
        catalog.capturePolicy(LintSettings.builder().runnerDir("/home/runner").build());
    assertThat(bytes(home, "/home/runner/run.sh", 0644)).isEqualTo(256);
    assertThat(home.key())
        .isNotEqualTo(catalog.capturePolicy(LintSettings.defaults()).key())
        .isEqualTo(
            catalog.capturePolicy(LintSettings.builder().runnerDir("/home/runner/").build()).key());

    CapturePolicy noSudo = catalog.capturePolicy(LintSettings.builder().disable("ARC105").build());
    assertThat(bytes(noSudo, "/etc/sudoers", 0440)).isZero();
    assertThat(bytes(noSudo, "/etc/sudoers.d/runner", 0440)).isZero();
    assertThat(bytes(noSudo, "/etc/passwd", 0644)).isEqualTo(CapturePolicy.DEFAULT_MAX_CAP);
  }

  @Test
  void aPackThatReadsOtherFilesAddsThemAndAFileNoRuleReadsIsNotCaptured(@TempDir Path dir)
      throws Exception {
    Path pack = dir.resolve("reads.yaml");
    Files.writeString(
        pack,
        """
        pack: reads
        rules:
          - id: R1
            name: os
            level: note
            summary: os-release says Debian.
            check:
              file.contains: {path: /etc/os-release, text: debian}
          - id: R2
            name: profile
            level: note
            summary: the user's profile sets PATH.
            check:
              file.contains: {path: "${home}/.profile", text: PATH}
        """);
    RuleCatalog catalog = RuleCatalog.load(List.of(pack));
    CapturePolicy p = catalog.capturePolicy(LintSettings.defaults());
    assertThat(bytes(p, "/etc/os-release", 0644)).isEqualTo(CapturePolicy.DEFAULT_MAX_CAP);
    // the usual symlink target has the same name
    assertThat(bytes(p, "/usr/lib/os-release", 0644)).isEqualTo(CapturePolicy.DEFAULT_MAX_CAP);
    // ${home} is only known from the image: every file of that name
    assertThat(bytes(p, "/home/runner/.profile", 0644)).isEqualTo(CapturePolicy.DEFAULT_MAX_CAP);

    FixtureImage image =
        SampleImages.runnerOk("linux/amd64").toBuilder()
            .layer(
                Layer.builder()
                    .file("/usr/lib/os-release", "ID=debian\n", 0644, 0, 0)
                    .symlink("/etc/os-release", "../usr/lib/os-release")
                    .file("/etc/unread.txt", "nobody asks\n", 0644, 0, 0)
                    .build())
            .build();
    Path layout = dir.resolve("layout");
    FixtureWriter.ociLayout(layout, "test", image);
    try (ImageSource source =
        ImageSources.open(
            ImageReference.parse("oci:" + layout + ":test"), SourceOptions.defaults())) {
      PlatformImage pi = source.resolve(PlatformSelector.ALL).get(0);
      FileTree tree = new ImageReader().read(source, pi, p).tree();
      assertThat(tree.content(tree.resolve("/etc/os-release").entry().orElseThrow()))
          .hasValueSatisfying(c -> assertThat(c.text()).isEqualTo("ID=debian\n"));
      assertThat(tree.content(tree.resolve("/etc/unread.txt").entry().orElseThrow())).isEmpty();

      FileTree builtinOnly =
          new ImageReader()
              .read(source, pi, RuleCatalog.builtin().capturePolicy(LintSettings.defaults()))
              .tree();
      assertThat(builtinOnly.content(builtinOnly.resolve("/etc/os-release").entry().orElseThrow()))
          .isEmpty();
    }
  }
}
