package dev.runnerlint.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.findings.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileTest {

  private static final String MULTI_STAGE =
      String.join(
          "\n",
          "# syntax=docker/dockerfile:1", // 1
          "ARG BASE=ubuntu:24.04", // 2
          "FROM --platform=$BUILDPLATFORM golang:1.22 AS build", // 3
          "RUN go build -o /out/app ./cmd/app", // 4
          "USER builder", // 5
          "", // 6
          "from ${BASE} as runtime", // 7
          "ENV HOME=/home/runner \\", // 8
          "    # a comment inside a continuation", // 9
          "    RUNNER_ALLOW_RUNASROOT=\"1\"", // 10
          "RUN apt-get update \\", // 11
          "    && apt-get install -y --no-install-recommends \\", // 12
          "       sudo curl", // 13
          "COPY <<EOF /etc/motd", // 14
          "FROM this is heredoc text, not an instruction", // 15
          "EOF", // 16
          "COPY --chown=1001:123 --from=build /out/app /usr/local/bin/app", // 17
          "", // 18
          "FROM runtime", // 19
          "ENV LANG C.UTF-8", // 20
          "WORKDIR /actions-runner", // 21
          "COPY runner/ /actions-runner/", // 22
          "RUN [\"/bin/sh\", \"-c\", \"chmod 0755 /actions-runner/run.sh\"]", // 23
          "RUN --mount=type=cache,target=/var/cache/apt apt-get install -y git", // 24
          "USER runner", // 25
          "WORKDIR /home/runner", // 26
          "CMD [\"/actions-runner/run.sh\"]", // 27
          "");

  private static final Dockerfile DF = Dockerfile.parse("Dockerfile", MULTI_STAGE);

  @Test
  void parsesInstructionsWithLinesStagesAndContinuations() {
    assertThat(DF.stages()).hasSize(3);
    assertThat(DF.stages().get(1).name()).contains("runtime");
    assertThat(DF.stages().get(2).base()).isEqualTo("runtime");
    assertThat(DF.stages().get(0).from().line()).isEqualTo(3);
    List<Dockerfile.Instruction> ins = DF.instructions();
    assertThat(ins.get(0)).isEqualTo(new Dockerfile.Instruction(2, "ARG", "BASE=ubuntu:24.04", -1));
    Dockerfile.Instruction env = ins.get(5);
    assertThat(env.line()).isEqualTo(8);
    assertThat(env.arguments()).isEqualTo("HOME=/home/runner     RUNNER_ALLOW_RUNASROOT=\"1\"");
    Dockerfile.Instruction run = ins.get(6);
    assertThat(run.line()).isEqualTo(11);
    assertThat(run.arguments())
        .isEqualTo(
            "apt-get update     && apt-get install -y --no-install-recommends        sudo curl");
    assertThat(ins).extracting(Dockerfile.Instruction::keyword).doesNotContain("EOF");
    assertThat(ins).filteredOn(i -> i.keyword().equals("FROM")).hasSize(3);
    assertThat(ins.get(8).line()).isEqualTo(17);
    assertThat(ins.get(8).stage()).isEqualTo(1);
  }

  @Test
  void configKeysPointAtTheLastSettingInstructionOfTheFinalStage() {
    assertThat(DF.forConfig("User").orElseThrow().line()).isEqualTo(25);
    assertThat(DF.forConfig("WorkingDir").orElseThrow().line()).isEqualTo(26);
    assertThat(DF.forConfig("Cmd").orElseThrow().line()).isEqualTo(27);
    assertThat(DF.forConfig("Env.LANG").orElseThrow().line()).isEqualTo(20);
    // Set in the stage the final one is built FROM.
    assertThat(DF.forConfig("Env.RUNNER_ALLOW_RUNASROOT").orElseThrow().line()).isEqualTo(8);
    // Never set: the final FROM line (inherited from the base image).
    assertThat(DF.forConfig("Entrypoint").orElseThrow().line()).isEqualTo(19);
    assertThat(DF.forConfig("Env.PATH").orElseThrow().line()).isEqualTo(19);
  }

  @Test
  void configInEarlierUnrelatedStagesIsIgnored() {
    Dockerfile df = Dockerfile.parse("Dockerfile", "FROM a AS x\nUSER root\nFROM b\nRUN true\n");
    assertThat(df.forConfig("User").orElseThrow().line()).isEqualTo(3);
  }

  @Test
  void buildKitHistoryMatchesTheInstruction() {
    assertThat(
            line(
                "RUN /bin/sh -c apt-get update     && apt-get install -y --no-install-recommends"
                    + "        sudo curl # buildkit"))
        .isEqualTo(11);
    assertThat(line("COPY runner/ /actions-runner/ # buildkit")).isEqualTo(22);
    assertThat(line("COPY /out/app /usr/local/bin/app # buildkit")).isEqualTo(17);
    assertThat(line("WORKDIR /actions-runner")).isEqualTo(21);
    assertThat(line("RUN /bin/sh -c chmod 0755 /actions-runner/run.sh # buildkit")).isEqualTo(23);
    assertThat(line("RUN /bin/sh -c apt-get install -y git # buildkit")).isEqualTo(24);
    assertThat(line("RUN |1 BASE=ubuntu:24.04 /bin/sh -c apt-get install -y git # buildkit"))
        .isEqualTo(24);
  }

  @Test
  void classicBuilderHistoryMatchesTheInstruction() {
    assertThat(line("/bin/sh -c apt-get install -y git")).isEqualTo(24);
    assertThat(line("|1 BASE=ubuntu:24.04 /bin/sh -c apt-get install -y git")).isEqualTo(24);
    assertThat(line("/bin/sh -c #(nop) COPY dir:4a5b6c7d8e in /actions-runner/ ")).isEqualTo(22);
    assertThat(line("/bin/sh -c #(nop) WORKDIR /actions-runner")).isEqualTo(21);
  }

  @Test
  void unknownOrMissingHistoryFallsBackToTheFinalFrom() {
    assertThat(line("/bin/sh -c #(nop) ADD file:abc in / ")).isEqualTo(19);
    assertThat(line("RUN /bin/sh -c something else # buildkit")).isEqualTo(19);
    assertThat(DF.forLayer(Optional.empty()).orElseThrow().line()).isEqualTo(19);
  }

  @Test
  void locatesFindingsByTheirSubject() {
    ImageResult image =
        new ImageResult(
            "r:1", "r", Optional.empty(), "linux/amd64", List.of(), Optional.empty(), 0);
    Finding config =
        new Finding(
            "ARC004",
            Level.ERROR,
            "m",
            "f",
            Finding.Subject.config("WorkingDir"),
            Optional.empty(),
            Optional.empty());
    Finding file =
        new Finding(
            "ARC001",
            Level.ERROR,
            "m",
            "f",
            Finding.Subject.file("/actions-runner/run.sh"),
            Optional.of(
                new Finding.LayerRef(
                    5,
                    "sha256:" + "a".repeat(64),
                    Optional.of("COPY runner/ /actions-runner/ # buildkit"))),
            Optional.empty());
    assertThat(DF.locate(image, config)).contains(new DockerfileLocation("Dockerfile", 26));
    assertThat(DF.locate(image, file)).contains(new DockerfileLocation("Dockerfile", 22));
    assertThat(Dockerfile.parse("Dockerfile", "# only a comment\n").locate(image, file)).isEmpty();
  }

  @Test
  void honoursTheEscapeDirective() {
    Dockerfile df =
        Dockerfile.parse(
            "Dockerfile",
            "# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  c:\\\nUSER x\n");
    assertThat(df.instructions().get(1).arguments()).isEqualTo("dir   c:\\");
    assertThat(df.forConfig("User").orElseThrow().line()).isEqualTo(5);
  }

  @Test
  void envKeysInBothForms() {
    assertThat(Dockerfile.envKeys("A=1 B=\"two words\" C=3")).containsExactly("A", "B", "C");
    assertThat(Dockerfile.envKeys("LANG C.UTF-8")).containsExactly("LANG");
  }

  @Test
  void readNamesTheFileRelativeToTheRoot(@TempDir Path root) throws IOException {
    Path file = root.resolve("docker/runner/Dockerfile");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "FROM ubuntu\n");
    assertThat(Dockerfile.read(file, root).path()).isEqualTo("docker/runner/Dockerfile");
    Path outside =
        Files.writeString(root.getParent().resolve(root.getFileName() + "-Dockerfile"), "FROM x\n");
    try {
      assertThatThrownBy(() -> Dockerfile.read(outside, root))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("relative to the repository root");
    } finally {
      Files.delete(outside);
    }
  }

  private static int line(String createdBy) {
    return DF.forLayer(Optional.of(createdBy)).orElseThrow().line();
  }
}
