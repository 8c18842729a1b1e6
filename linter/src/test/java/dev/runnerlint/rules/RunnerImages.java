package dev.runnerlint.rules;

import dev.runnerlint.fixtures.FakeElf;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.fixtures.SampleImages;
import java.util.function.Consumer;

/** Runner images for the rule tests: the conforming sample and variants of it. */
public final class RunnerImages {
  private RunnerImages() {}

  static final String AMD64 = "linux/amd64";
  static final String RUN_SH =
      "#!/bin/bash\n# fake runner entry point\nexec /actions-runner/bin/Runner.Listener run \"$@\"\n";

  /** The conforming image (SampleImages.runnerOk). */
  static FixtureImage ok() {
    return SampleImages.runnerOk(AMD64);
  }

  /** The conforming image with one more layer on top, declared by {@code layer}. */
  static FixtureImage okPlus(String createdBy, Consumer<Layer.Builder> layer) {
    Layer.Builder b = Layer.builder().createdBy(createdBy);
    layer.accept(b);
    return ok().toBuilder().layer(b.build()).build();
  }

  /** The conforming image with a config change. */
  static FixtureImage okWith(Consumer<FixtureImage.Builder> config) {
    FixtureImage.Builder b = ok().toBuilder();
    config.accept(b);
    return b.build();
  }

  /**
   * Laid out like the official runner image (ghcr.io/actions/actions-runner): the runner in
   * /home/runner, `adduser --uid 1001 runner`, `groupadd docker --gid 123`, `usermod -aG sudo
   * runner`, `usermod -aG docker runner`, `%sudo ALL=(ALL:ALL) NOPASSWD:ALL` in /etc/sudoers,
   * WORKDIR /home/runner, USER runner.
   */
  public static FixtureImage official(String platform) {
    Layer users =
        Layer.builder()
            .createdBy(
                "RUN adduser --disabled-password --gecos \"\" --uid 1001 runner"
                    + " && groupadd docker --gid 123 && usermod -aG sudo runner"
                    + " && usermod -aG docker runner"
                    + " && echo \"%sudo   ALL=(ALL:ALL) NOPASSWD:ALL\" > /etc/sudoers"
                    + " && echo \"Defaults env_keep += \\\"DEBIAN_FRONTEND\\\"\" >> /etc/sudoers")
            .dir("/etc")
            .file(
                "/etc/passwd",
                "root:x:0:0:root:/root:/bin/bash\n"
                    + "runner:x:1001:1001:,,,:/home/runner:/bin/bash\n")
            .file(
                "/etc/group", "root:x:0:\nsudo:x:27:runner\nrunner:x:1001:\ndocker:x:123:runner\n")
            .file(
                "/etc/sudoers",
                "%sudo   ALL=(ALL:ALL) NOPASSWD:ALL\n"
                    + "Defaults env_keep += \"DEBIAN_FRONTEND\"\n",
                0440,
                0,
                0)
            .dir("/home/runner", 0750, 1001, 1001)
            .dir("/usr/bin")
            .file("/usr/bin/sudo", FakeElf.binaryForPlatform(platform, "sudo"), 04755, 0, 0)
            .build();
    Layer runner =
        Layer.builder()
            .createdBy("COPY --chown=runner:docker /actions-runner . # buildkit")
            .file(
                "/home/runner/run.sh",
                RUN_SH.replace("/actions-runner", "/home/runner"),
                0755,
                1001,
                123)
            .file("/home/runner/run-helper.sh.template", "#!/bin/bash\n# helper\n", 0644, 1001, 123)
            .dir("/home/runner/bin", 0755, 1001, 123)
            .file(
                "/home/runner/bin/Runner.Listener",
                FakeElf.binaryForPlatform(platform, "Runner.Listener"),
                0755,
                1001,
                123)
            .file(
                "/home/runner/bin/Runner.Worker",
                FakeElf.binaryForPlatform(platform, "Runner.Worker"),
                0755,
                1001,
                123)
            .build();
    return FixtureImage.builder()
        .platform(platform)
        .layer(SampleImages.baseLayer(platform))
        .layer(users)
        .emptyLayerHistory("WORKDIR /home/runner")
        .workingDir("/home/runner")
        .layer(runner)
        .env(SampleImages.PATH_ENV)
        .env("ImageOS=ubuntu22")
        .emptyLayerHistory("USER runner")
        .user("runner")
        .build();
  }
}
