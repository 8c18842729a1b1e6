package dev.runnerlint.rules.lang;

import dev.runnerlint.findings.Finding.Subject;
import dev.runnerlint.findings.Level;
import dev.runnerlint.fs.FileEntry;
import java.util.Optional;

/**
 * One failed check, before it becomes a {@link dev.runnerlint.findings.Finding}.
 *
 * @param message what is wrong, specific (names the path, the mode, the uid …)
 * @param fix one line: how to fix it; empty to use the rule's {@code fix}
 * @param subject the path inside the image or the config key it is about
 * @param level a level of its own (e.g. a warning inside an error rule); empty for the rule's
 * @param entry the file the message is about, when it exists: its layer is reported
 */
public record Violation(
    String message, String fix, Subject subject, Optional<Level> level, Optional<FileEntry> entry) {

  public Violation {
    fix = fix == null ? "" : fix;
    level = level == null ? Optional.empty() : level;
    entry = entry == null ? Optional.empty() : entry;
  }

  public static Violation file(String message, String fix, String path, Optional<FileEntry> entry) {
    return new Violation(message, fix, Subject.file(path), Optional.empty(), entry);
  }

  public static Violation config(String message, String fix, String key) {
    return new Violation(message, fix, Subject.config(key), Optional.empty(), Optional.empty());
  }

  public Violation withMessage(String m) {
    return new Violation(m, fix, subject, level, entry);
  }

  public Violation withFix(String f) {
    return new Violation(message, f, subject, level, entry);
  }

  public Violation withLevel(Level l) {
    return new Violation(message, fix, subject, Optional.of(l), entry);
  }
}
