package dev.runnerlint.report;

import dev.runnerlint.dockerfile.DockerfileLocator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The registry of output formats: {@code --format NAME} and {@code --output NAME=FILE}. */
public final class Reporters {

  /**
   * What the CLI decides for the reporters.
   *
   * @param colour ANSI colour in the text format (a terminal and no {@code NO_COLOR})
   * @param dockerfile maps findings to Dockerfile lines ({@code --dockerfile}), for SARIF and
   *     GitHub annotations
   */
  public record Options(
      boolean colour,
      Optional<DockerfileLocator> dockerfile,
      String sarifCategory,
      TextReporter.Verbosity verbosity) {
    public Options(boolean colour, Optional<DockerfileLocator> dockerfile) {
      this(colour, dockerfile, SarifReporter.DEFAULT_CATEGORY, TextReporter.Verbosity.NORMAL);
    }

    public static Options defaults() {
      return new Options(false, Optional.empty());
    }

    /** The same options without colour (for files). */
    public Options withoutColour() {
      return new Options(false, dockerfile, sarifCategory, verbosity);
    }
  }

  private static final List<String> NAMES =
      List.of("text", "json", "sarif", "junit", "github", "markdown");

  private Reporters() {}

  /** Every format name, in the order the help lists them. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The reporter for {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static Reporter byName(String name, Options options) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "text" -> new TextReporter(options.colour(), options.verbosity());
      case "json" -> new JsonReporter();
      case "sarif" -> new SarifReporter(options.dockerfile(), options.sarifCategory());
      case "junit" -> new JunitReporter();
      case "github" -> new GithubReporter(options.dockerfile());
      case "markdown" -> new MarkdownReporter();
      default ->
          throw new IllegalArgumentException(
              "unknown format '" + name + "': expected one of " + String.join(", ", NAMES));
    };
  }
}
