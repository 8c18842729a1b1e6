package dev.runnerlint.rules;

import dev.runnerlint.fixtures.FakeElf;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.Layer;
import java.util.function.Consumer;

/**
 * Runner images for the container-mode rules: the official layout ({@link RunnerImages#official})
 * completed with what the chart's modes use — run-helper.sh.template, externals/node20, both hook
 * directories, cp/mkdir/mv and a docker CLI — and broken variants of it.
 */
public final class ModeImages {
  private ModeImages() {}

  public static final String AMD64 = "linux/amd64";

  /** Passes every rule in every mode. */
  public static FixtureImage complete() {
    return RunnerImages.official(AMD64).toBuilder().layer(extras("/home/runner")).build();
  }

  /** What the runner release and the official Dockerfile add beside run.sh and bin/. */
  static Layer extras(String root) {
    return Layer.builder()
        .createdBy("COPY --chown=runner:docker extras " + root + " # buildkit")
        .file(root + "/run-helper.sh.template", "#!/bin/bash\n# helper\n", 0644, 1001, 123)
        .dir(root + "/externals", 0755, 1001, 123)
        .dir(root + "/externals/node20", 0755, 1001, 123)
        .dir(root + "/externals/node20/bin", 0755, 1001, 123)
        .file(
            root + "/externals/node20/bin/node",
            FakeElf.binaryForPlatform(AMD64, "node"),
            0755,
            1001,
            123)
        .dir(root + "/k8s", 0755, 1001, 123)
        .file(root + "/k8s/index.js", "// hook v0.7.0\n", 0644, 1001, 123)
        .dir(root + "/k8s-novolume", 0755, 1001, 123)
        .file(root + "/k8s-novolume/index.js", "// hook v0.8.1\n", 0644, 1001, 123)
        .file("/usr/bin/cp", FakeElf.binaryForPlatform(AMD64, "cp"), 0755, 0, 0)
        .file("/usr/bin/mkdir", FakeElf.binaryForPlatform(AMD64, "mkdir"), 0755, 0, 0)
        .file("/usr/bin/mv", FakeElf.binaryForPlatform(AMD64, "mv"), 0755, 0, 0)
        .file("/usr/bin/docker", FakeElf.binaryForPlatform(AMD64, "docker"), 0755, 0, 0)
        .build();
  }

  /** The complete image with one more layer on top. */
  public static FixtureImage completePlus(String createdBy, Consumer<Layer.Builder> layer) {
    Layer.Builder b = Layer.builder().createdBy(createdBy);
    layer.accept(b);
    return complete().toBuilder().layer(b.build()).build();
  }

  /** The complete image with a config change. */
  public static FixtureImage completeWith(Consumer<FixtureImage.Builder> config) {
    FixtureImage.Builder b = complete().toBuilder();
    config.accept(b);
    return b.build();
  }
}
