package dev.runnerlint.rules;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No cycles among the packages of {@code rules} (the rules themselves, {@code rules.lang}, {@code
 * rules.primitives}, {@code rules.config}) nor among those of {@code facts}: the language knows
 * nothing of the catalog and engine that use it, the config file nothing the settings depend on,
 * the sudo facts nothing of their users.
 */
class RulesPackagesArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.runnerlint");
  }

  /** Each package under {@code root} (the root included when {@code withRoot}) is one slice. */
  static SliceAssignment packagesUnder(String root, boolean withRoot) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass c) {
        String p = c.getPackageName();
        if ((withRoot && p.equals(root)) || p.startsWith(root + ".")) {
          return SliceIdentifier.of(p);
        }
        return SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "the packages " + (withRoot ? "of " : "under ") + root;
      }
    };
  }

  @Test
  void theRulesPackagesHaveNoCycles() {
    slices()
        .assignedFrom(packagesUnder("dev.runnerlint.rules", true))
        .should()
        .beFreeOfCycles()
        .check(main);
  }

  /** {@code facts} and its sub-packages ({@code facts.sudo}). */
  @Test
  void theFactsPackagesHaveNoCycles() {
    slices()
        .assignedFrom(packagesUnder("dev.runnerlint.facts", true))
        .should()
        .beFreeOfCycles()
        .check(main);
  }

  /** The rule can fail: a class of the language that imports the engine makes a cycle. */
  @Test
  void aLanguageClassImportingTheEngineWouldBeACycle() {
    // the main classes plus the test class dev.runnerlint.rules.lang.WrongImport
    JavaClasses withWrongImport = new ClassFileImporter().importPackages("dev.runnerlint.rules");
    assertThat(withWrongImport.contain(dev.runnerlint.rules.lang.WrongImport.class)).isTrue();
    EvaluationResult r =
        slices()
            .assignedFrom(packagesUnder("dev.runnerlint.rules", true))
            .should()
            .beFreeOfCycles()
            .evaluate(withWrongImport);
    assertThat(r.hasViolation()).isTrue();
  }
}
