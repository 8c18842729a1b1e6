package dev.runnerlint.findings;

import java.util.Optional;

/**
 * One violation of one rule in one image platform.
 *
 * @param ruleId the rule's ID
 * @param level the effective level (after overrides)
 * @param message what is wrong, first sentence a title
 * @param fix one line: how to fix it
 * @param subject what the finding is about: a path inside the image or a config key
 * @param layer the layer that last wrote the path, when the subject is a file that exists
 * @param suppression set when a configured suppression matched; suppressed findings never fail
 * @param location the line of the user's file that caused it (a Helm values key), when known
 */
public record Finding(
    String ruleId,
    Level level,
    String message,
    String fix,
    Subject subject,
    Optional<LayerRef> layer,
    Optional<Suppression> suppression,
    Optional<SourceLocation> location) {

  public Finding {
    location = location == null ? Optional.empty() : location;
  }

  /** A finding that no file of the user's repository caused. */
  public Finding(
      String ruleId,
      Level level,
      String message,
      String fix,
      Subject subject,
      Optional<LayerRef> layer,
      Optional<Suppression> suppression) {
    this(ruleId, level, message, fix, subject, layer, suppression, Optional.empty());
  }

  public Finding withLocation(Optional<SourceLocation> l) {
    return new Finding(ruleId, level, message, fix, subject, layer, suppression, l);
  }

  public boolean suppressed() {
    return suppression.isPresent();
  }

  public Finding withSuppression(Suppression s) {
    return new Finding(ruleId, level, message, fix, subject, layer, Optional.of(s), location);
  }

  public Finding withLevel(Level l) {
    return new Finding(ruleId, l, message, fix, subject, layer, suppression, location);
  }

  /**
   * What a finding points at.
   *
   * @param kind a file inside the image, or a config field
   * @param value the in-image absolute path, or the config key ({@code User}, {@code WorkingDir},
   *     {@code Env.RUNNER_ALLOW_RUNASROOT}, {@code Entrypoint}, {@code Cmd})
   */
  public record Subject(Kind kind, String value) {
    public enum Kind {
      FILE,
      CONFIG
    }

    public static Subject file(String path) {
      return new Subject(Kind.FILE, path);
    }

    public static Subject config(String key) {
      return new Subject(Kind.CONFIG, key);
    }
  }

  /** The layer that last wrote a file: index in the manifest, digest, and history created_by. */
  public record LayerRef(int index, String digest, Optional<String> createdBy) {}

  /** A configured suppression that matched, with its mandatory reason. */
  public record Suppression(String reason, Optional<java.time.LocalDate> expires) {}
}
