package dev.runnerlint;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The packages show the data flow: a stage imports only earlier stages, and the top-level packages
 * form no cycle. {@link #STAGES} is the one list of the order; {@code package-info.java}'s picture
 * must show the same.
 */
class ArchitectureTest {

  /** The stages in order: each may import only those before it. */
  static final List<String> STAGES =
      List.of(
          "io",
          "reference",
          "image",
          "source",
          "layer",
          "cache",
          "fs",
          "facts",
          "findings",
          "dockerfile",
          "values",
          "rules",
          "report",
          "pipeline",
          "cli");

  private static final String ROOT = "dev.runnerlint";

  /** The rules for the classes under {@code root}: no import of a later stage, no cycle. */
  static List<ArchRule> rules(String root) {
    List<ArchRule> rules = new ArrayList<>();
    for (int i = 0; i < STAGES.size() - 1; i++) {
      String[] later =
          STAGES.subList(i + 1, STAGES.size()).stream()
              .map(s -> root + "." + s + "..")
              .toArray(String[]::new);
      rules.add(
          noClasses()
              .that()
              .resideInAPackage(root + "." + STAGES.get(i) + "..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(later)
              .as(STAGES.get(i) + " imports no later stage")
              .allowEmptyShould(true));
    }
    rules.add(slices().matching(root + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true));
    return rules;
  }

  private static List<String> violations(JavaClasses classes, String root) {
    List<String> out = new ArrayList<>();
    for (ArchRule rule : rules(root)) {
      EvaluationResult result = rule.evaluate(classes);
      if (result.hasViolation()) {
        out.addAll(result.getFailureReport().getDetails());
      }
    }
    return out;
  }

  private static JavaClasses mainClasses() {
    // This module's main classes only (not the fixtures module on the test class path).
    return new ClassFileImporter().importPath(Path.of("target/classes"));
  }

  @Test
  void noStageImportsALaterOneAndNoPackagesFormACycle() {
    assertThat(violations(mainClasses(), ROOT)).isEmpty();
  }

  @Test
  void everyTopLevelPackageIsAStage() {
    Set<String> packages = new TreeSet<>();
    for (JavaClass c : mainClasses()) {
      String rest = c.getPackageName().substring(ROOT.length());
      if (!rest.isEmpty()) {
        packages.add(rest.substring(1).split("\\.")[0]);
      }
    }
    assertThat(STAGES).containsAll(packages);
    assertThat(packages).contains("findings", "dockerfile", "pipeline");
  }

  @Test
  void thePictureInPackageInfoShowsTheSameOrder() throws IOException {
    String text =
        Files.readString(
            Path.of("src/main/java/dev/runnerlint/package-info.java"), StandardCharsets.UTF_8);
    Matcher pre = Pattern.compile("<pre>(.*?)</pre>", Pattern.DOTALL).matcher(text);
    assertThat(pre.find()).isTrue();
    String picture =
        pre.group(1)
            .lines()
            .map(l -> l.replaceFirst("^\\s*\\*", ""))
            .collect(Collectors.joining(" "));
    List<String> shown = new ArrayList<>();
    Matcher word = Pattern.compile("[a-z]+").matcher(picture);
    while (word.find()) {
      shown.add(word.group());
    }
    assertThat(shown).isEqualTo(STAGES);
  }

  @Test
  void aWrongImportAndACycleAreReported() {
    String root = ROOT + ".archfixture";
    JavaClasses fixture = new ClassFileImporter().importPackages(root);
    List<String> found = violations(fixture, root);
    assertThat(found)
        .anySatisfy(
            v ->
                assertThat(v)
                    .contains("archfixture.io.LowLevel")
                    .contains("archfixture.cli.Command"));
    assertThat(found).anySatisfy(v -> assertThat(v).containsIgnoringCase("cycle"));
    assertThat(found)
        .anySatisfy(
            v -> assertThat(v).contains("archfixture.layer.Entry").contains("archfixture.fs.Tree"));
  }
}
