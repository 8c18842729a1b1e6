package dev.runnerlint.dockerfile;

import dev.runnerlint.dockerfile.Dockerfile.Instruction;
import dev.runnerlint.dockerfile.Dockerfile.Stage;
import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.ImageResult;
import dev.runnerlint.image.ImageConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The locator: points a finding at the Dockerfile line responsible. Config findings go to the last
 * instruction of the final stage that sets the key (following {@code FROM <earlier stage>}); file
 * findings to the instruction whose layer wrote the path ({@link HistorySignature}); anything else
 * to the final stage's {@code FROM}.
 */
final class InstructionLocator implements DockerfileLocator {
  private final String path;
  private final List<Instruction> instructions;
  private final List<Stage> stages;

  InstructionLocator(String path, List<Instruction> instructions, List<Stage> stages) {
    this.path = path;
    this.instructions = instructions;
    this.stages = stages;
  }

  @Override
  public Optional<DockerfileLocation> locate(ImageResult image, Finding finding) {
    Optional<Instruction> instruction =
        switch (finding.subject().kind()) {
          case CONFIG -> forConfig(finding.subject().value());
          case FILE -> forLayer(finding.layer().flatMap(Finding.LayerRef::createdBy));
        };
    return instruction.map(ins -> new DockerfileLocation(path, ins.line()));
  }

  /**
   * The instruction that set config {@code key} ({@code User}, {@code WorkingDir}, {@code
   * Env.NAME}, {@code Entrypoint}, {@code Cmd}) in the final stage, else the final {@code FROM}.
   */
  public Optional<Instruction> forConfig(String key) {
    Predicate<Instruction> setsKey = configPredicate(key);
    for (Instruction ins : finalStageChainReversed()) {
      if (setsKey.test(ins)) {
        return Optional.of(ins);
      }
    }
    return finalFrom();
  }

  /**
   * The instruction whose layer has history {@code createdBy}, else the final {@code FROM} (the
   * file came from the base image, or the history does not say).
   */
  public Optional<Instruction> forLayer(Optional<String> createdBy) {
    if (createdBy.isEmpty()) {
      return finalFrom();
    }
    HistorySignature sig = HistorySignature.of(createdBy.get());
    List<Instruction> candidates = finalStageChainReversed();
    for (Instruction ins : candidates) {
      if (sig.matchesExactly(ins)) {
        return Optional.of(ins);
      }
    }
    for (Instruction ins : candidates) {
      if (sig.matchesDestination(ins)) {
        return Optional.of(ins);
      }
    }
    return finalFrom();
  }

  private Optional<Instruction> finalFrom() {
    return stages.isEmpty() ? Optional.empty() : Optional.of(stages.get(stages.size() - 1).from());
  }

  /** Final stage's instructions, then those of the earlier stage it is built FROM, newest first. */
  private List<Instruction> finalStageChainReversed() {
    List<Instruction> out = new ArrayList<>();
    if (stages.isEmpty()) {
      return out;
    }
    Set<Integer> seen = new HashSet<>();
    Stage stage = stages.get(stages.size() - 1);
    while (stage != null && seen.add(stage.index())) {
      for (int k = instructions.size() - 1; k >= 0; k--) {
        Instruction ins = instructions.get(k);
        if (ins.stage() == stage.index() && !ins.keyword().equals("FROM")) {
          out.add(ins);
        }
      }
      stage = earlierStage(stage);
    }
    return out;
  }

  private Stage earlierStage(Stage stage) {
    for (int k = stage.index() - 1; k >= 0; k--) {
      Stage s = stages.get(k);
      if (s.name().isPresent() && s.name().get().equalsIgnoreCase(stage.base())) {
        return s;
      }
    }
    return null;
  }

  private static Predicate<Instruction> configPredicate(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.startsWith("env.")) {
      String name = key.substring(4);
      return ins ->
          ins.keyword().equals("ENV") && Dockerfile.envKeys(ins.arguments()).contains(name);
    }
    String keyword = ImageConfig.instructionFor(key).orElse(null);
    return keyword == null ? ins -> false : ins -> ins.keyword().equals(keyword);
  }
}
