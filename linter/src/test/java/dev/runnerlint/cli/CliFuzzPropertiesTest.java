package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.cli.LintCli.Run;
import dev.runnerlint.reference.ImageReference;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random strings as references and options never reach exit 70 (an internal error): user input is
 * bad input, exit 2, with one line. Nothing is read: every lint run here also names an output that
 * cannot be written, which is refused before any image is opened (no network, no files).
 */
class CliFuzzPropertiesTest {
  private static final String[] UNWRITABLE = {"--output", "json=/proc/runnerlint-fuzz/x.json"};

  @Property(tries = 300)
  void theReferenceParserOnlyEverSaysInvalidReference(@ForAll("references") String text) {
    try {
      ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("invalid reference '").doesNotContain("\n");
    }
  }

  @Property(tries = 150)
  void aRandomReferenceIsNeverAnInternalError(@ForAll("references") String text) {
    Run run = LintCli.run(withUnwritable("lint", text));

    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.toString()).doesNotContain("internal error");
  }

  @Property(tries = 200)
  void randomOptionsAreNeverAnInternalError(@ForAll("arguments") List<String> args) {
    List<String> all = new ArrayList<>(List.of("lint"));
    all.addAll(args);
    all.add("oci:/nonexistent/runnerlint-fuzz");
    Run run = LintCli.run(withUnwritable(all.toArray(String[]::new)));

    assertThat(run.code()).as(run.toString()).isIn(ExitCodes.OK, ExitCodes.USAGE);
    assertThat(run.err()).as(run.toString()).doesNotContain("internal error");
  }

  @Property(tries = 100)
  void otherCommandsNeverFailInternally(
      @ForAll("commands") String command, @ForAll("arguments") List<String> args) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(args);
    Run run = LintCli.run(all.toArray(String[]::new));

    assertThat(run.code()).as(run.toString()).isNotEqualTo(ExitCodes.INTERNAL);
    assertThat(run.err()).as(run.toString()).doesNotContain("internal error");
  }

  private static String[] withUnwritable(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(1, List.of(UNWRITABLE));
    return all.toArray(String[]::new);
  }

  @Provide
  Arbitrary<String> references() {
    Arbitrary<String> any = Arbitraries.strings().ofMaxLength(40);
    Arbitrary<String> shaped =
        Arbitraries.strings()
            .withChars("aAzZ09.-_:/@[]%+ ")
            .ofMaxLength(30)
            .flatMap(
                body ->
                    Arbitraries.of(
                            "",
                            "docker://",
                            "oci:",
                            "oci-archive:",
                            "docker-archive:",
                            "dir:",
                            "[::1]:5000/",
                            "localhost:5000/",
                            "UPPER/")
                        .map(prefix -> prefix + body));
    return Arbitraries.oneOf(any, shaped).filter(s -> !s.startsWith("@") && !s.startsWith("-"));
  }

  @Provide
  Arbitrary<String> commands() {
    return Arbitraries.of("rules", "explain", "inspect", "help", "nope");
  }

  @Provide
  Arbitrary<List<String>> arguments() {
    Arbitrary<String> flag =
        Arbitraries.of(
            "--runner-dir",
            "--platform",
            "--format",
            "--output",
            "--fail-on",
            "--disable",
            "--level",
            "--rules",
            "--config",
            "--dockerfile",
            "--insecure-registry",
            "--docker-config",
            "--color",
            "--no-color",
            "--sarif-category",
            "--verbose",
            "--quiet",
            "--debug",
            "--ls",
            "--cat");
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(20),
            Arbitraries.of(
                "json=",
                "=x",
                "sarif=-",
                "ARC005=",
                "ARC005=fatal",
                "linux/arm64/v8",
                "all",
                "always",
                "/dev/null",
                "/",
                "never",
                "ARC999",
                "text"));
    return Arbitraries.oneOf(flag, value)
        .filter(s -> !s.startsWith("@"))
        .list()
        .ofMaxSize(6)
        // inspect with a valid reference would read it: keep the fuzz off the network and disk
        .filter(l -> l.stream().noneMatch(CliFuzzPropertiesTest::mightBeReadable));
  }

  /** A word that could name an image runnerlint would try to read (a registry or a file). */
  private static boolean mightBeReadable(String word) {
    if (word.startsWith("-")) {
      return false;
    }
    try {
      ImageReference.parse(word);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
