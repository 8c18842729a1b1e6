package dev.runnerlint.rules.lang;

import dev.runnerlint.findings.Finding.Subject;
import dev.runnerlint.findings.Level;
import dev.runnerlint.fs.FileEntry;
import java.util.List;
import java.util.Optional;

/**
 * One failed check, before it becomes a {@link dev.runnerlint.findings.Finding}.
 *
 * @param message what is wrong, specific (names the path, the mode, the uid …)
 * @param fix one line: how to fix it; empty to use the rule's {@code fix}
 * @param subject the path inside the image or the config key it is about
 * @param level a level of its own (e.g. a warning inside an error rule); empty for the rule's
 * @param entry the file the message is about, when it exists: its layer is reported
 * @param at the deployment keys (e.g. {@code runAsUser}, {@code env.NAME}) the finding is blamed
 *     on, in order: the first one the values file sets is where the finding points
 */
public record Violation(
    String message,
    String fix,
    Subject subject,
    Optional<Level> level,
    Optional<FileEntry> entry,
    List<String> at) {

  public Violation {
    fix = fix == null ? "" : fix;
    level = level == null ? Optional.empty() : level;
    entry = entry == null ? Optional.empty() : entry;
    at = at == null ? List.of() : List.copyOf(at);
  }

  public Violation(
      String message,
      String fix,
      Subject subject,
      Optional<Level> level,
      Optional<FileEntry> entry) {
    this(message, fix, subject, level, entry, List.of());
  }

  /** Blames the finding on these deployment keys, unless an inner check already did. */
  public Violation withAt(List<String> keys) {
    return at.isEmpty() ? new Violation(message, fix, subject, level, entry, keys) : this;
  }

  public static Violation file(String message, String fix, String path, Optional<FileEntry> entry) {
    return new Violation(message, fix, Subject.file(path), Optional.empty(), entry);
  }

  public static Violation config(String message, String fix, String key) {
    return new Violation(message, fix, Subject.config(key), Optional.empty(), Optional.empty());
  }

  public Violation withMessage(String m) {
    return new Violation(m, fix, subject, level, entry, at);
  }

  public Violation withFix(String f) {
    return new Violation(message, f, subject, level, entry, at);
  }

  public Violation withLevel(Level l) {
    return new Violation(message, fix, subject, Optional.of(l), entry, at);
  }
}
