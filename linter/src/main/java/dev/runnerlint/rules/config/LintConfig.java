package dev.runnerlint.rules.config;

import dev.runnerlint.findings.Level;
import dev.runnerlint.rules.LintSettings;
import dev.runnerlint.rules.SuppressionRule;
import dev.runnerlint.rules.lang.YamlNode;
import dev.runnerlint.rules.lang.YamlReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code .runnerlint.yaml}: runner directory, disabled rules, level overrides, fail-on, extra
 * rule packs (paths resolved against the config file's directory) and suppressions. The format is
 * documented in {@code docs/configuration.md}.
 *
 * @param file the config file
 */
public record LintConfig(
    Path file,
    Optional<String> runnerDir,
    List<String> disable,
    Map<String, Level> levels,
    Optional<FailOn> failOn,
    List<Path> rules,
    List<SuppressionRule> suppressions,
    List<RuleRef> ruleRefs) {

  /** Where the file names a rule ID (disable, levels, suppressions), to check it exists. */
  public record RuleRef(String id, int line, String where) {}

  /** The name looked for in the working directory. */
  public static final String FILE_NAME = ".runnerlint.yaml";

  private static final Set<String> KEYS =
      Set.of("runnerDir", "disable", "levels", "failOn", "rules", "suppressions");
  private static final Set<String> SUPPRESSION_KEYS = Set.of("rule", "image", "reason", "expires");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  public LintConfig {
    disable = List.copyOf(disable);
    levels = Map.copyOf(levels);
    rules = List.copyOf(rules);
    suppressions = List.copyOf(suppressions);
    ruleRefs = List.copyOf(ruleRefs);
  }

  /**
   * Checks that every rule ID the file names exists in the catalog (which includes the packs the
   * file adds).
   *
   * @throws ConfigException naming the line of the unknown ID
   */
  public void validateAgainst(dev.runnerlint.rules.RuleCatalog catalog) throws ConfigException {
    for (RuleRef r : ruleRefs) {
      if (catalog.rule(r.id()).isEmpty()) {
        throw new ConfigException(
            file.toString(), r.line(), "unknown rule ID '" + r.id() + "' in " + r.where());
      }
    }
  }

  /**
   * Applies this file's settings (runner dir, disabled, levels, suppressions) to {@code settings};
   * apply the flags afterwards, so that they win.
   */
  public LintSettings.Builder applyTo(LintSettings.Builder settings) {
    runnerDir.ifPresent(settings::runnerDir);
    settings.disable(disable);
    settings.levels(levels);
    settings.suppressions(suppressions);
    return settings;
  }

  /**
   * Reads and validates a config file.
   *
   * @throws ConfigException with {@code file:line: what is wrong}
   */
  public static LintConfig load(Path file) throws ConfigException {
    String name = file.toString();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(YamlReader.read(r, name), file);
    } catch (YamlNode.Invalid e) {
      throw new ConfigException(e.file(), e.line(), e.problem());
    } catch (IOException e) {
      throw new ConfigException(name, 0, "cannot read: " + e.getMessage());
    }
  }

  private static LintConfig parse(YamlNode root, Path file) {
    if (root.isNull()) {
      return new LintConfig(
          file,
          Optional.empty(),
          List.of(),
          Map.of(),
          Optional.empty(),
          List.of(),
          List.of(),
          List.of());
    }
    Map<String, YamlNode> m = root.requireMap("the configuration");
    for (Map.Entry<String, YamlNode> e : m.entrySet()) {
      if (!KEYS.contains(e.getKey())) {
        throw e.getValue()
            .invalid(
                "unknown key '"
                    + e.getKey()
                    + "'; expected "
                    + String.join(", ", new java.util.TreeSet<>(KEYS)));
      }
    }
    Optional<String> runnerDir = Optional.empty();
    if (m.containsKey("runnerDir")) {
      YamlNode n = m.get("runnerDir");
      String dir = n.requireText("'runnerDir'");
      if (!dir.startsWith("/")) {
        throw n.invalid(
            "'runnerDir' must be an absolute path inside the image, found '" + dir + "'");
      }
      runnerDir = Optional.of(dir);
    }
    List<RuleRef> refs = new ArrayList<>();
    List<String> disable = new ArrayList<>();
    if (m.containsKey("disable")) {
      for (YamlNode n : m.get("disable").requireList("'disable' (rule IDs)")) {
        disable.add(n.requireText("a rule ID"));
        refs.add(new RuleRef(n.text(), n.line(), "disable"));
      }
    }
    Map<String, Level> levels = new LinkedHashMap<>();
    if (m.containsKey("levels")) {
      for (Map.Entry<String, YamlNode> e :
          m.get("levels").requireMap("'levels' (ID: level)").entrySet()) {
        String text = e.getValue().requireText("the level of " + e.getKey());
        refs.add(new RuleRef(e.getKey(), e.getValue().line(), "levels"));
        try {
          levels.put(e.getKey(), Level.parse(text));
        } catch (IllegalArgumentException ex) {
          throw e.getValue()
              .invalid(
                  "unknown level '"
                      + text
                      + "' for "
                      + e.getKey()
                      + ": expected error, warning or note");
        }
      }
    }
    Optional<FailOn> failOn = Optional.empty();
    if (m.containsKey("failOn")) {
      YamlNode n = m.get("failOn");
      try {
        failOn = Optional.of(FailOn.parse(n.requireText("'failOn'")));
      } catch (IllegalArgumentException e) {
        throw n.invalid("'failOn' must be error, warning, note or never, found " + n.describe());
      }
    }
    List<Path> rules = new ArrayList<>();
    Path base = file.toAbsolutePath().getParent();
    if (m.containsKey("rules")) {
      for (YamlNode n : m.get("rules").requireList("'rules' (rule pack files)")) {
        Path p = base.resolve(n.requireText("a rule pack file")).normalize();
        if (!Files.isRegularFile(p)) {
          throw n.invalid("rule pack '" + n.text() + "' not found (looked for " + p + ")");
        }
        rules.add(p);
      }
    }
    List<SuppressionRule> suppressions = new ArrayList<>();
    if (m.containsKey("suppressions")) {
      for (YamlNode n : m.get("suppressions").requireList("'suppressions'")) {
        SuppressionRule sr = suppression(n);
        suppressions.add(sr);
        refs.add(new RuleRef(sr.rule(), n.entries().get("rule").line(), "suppressions"));
      }
    }
    return new LintConfig(file, runnerDir, disable, levels, failOn, rules, suppressions, refs);
  }

  private static SuppressionRule suppression(YamlNode n) {
    Map<String, YamlNode> s = n.requireMap("a suppression");
    for (Map.Entry<String, YamlNode> e : s.entrySet()) {
      if (!SUPPRESSION_KEYS.contains(e.getKey())) {
        throw e.getValue()
            .invalid(
                "unknown key '"
                    + e.getKey()
                    + "' in a suppression; expected "
                    + "rule, image, reason, expires");
      }
    }
    if (!s.containsKey("rule")) {
      throw n.invalid("a suppression needs 'rule:' (the rule ID)");
    }
    String rule = s.get("rule").requireText("'rule'");
    if (!s.containsKey("reason")
        || s.get("reason").isNull()
        || (s.get("reason").isScalar() && s.get("reason").text().isBlank())) {
      throw (s.containsKey("reason") ? s.get("reason") : n)
          .invalid("the suppression of " + rule + " needs a 'reason:' saying why");
    }
    String reason = s.get("reason").requireText("'reason'");
    Optional<String> image =
        s.containsKey("image")
            ? Optional.of(s.get("image").requireText("'image'"))
            : Optional.empty();
    Optional<LocalDate> expires = Optional.empty();
    if (s.containsKey("expires")) {
      YamlNode d = s.get("expires");
      String text = d.requireText("'expires'");
      try {
        if (!DATE.matcher(text).matches()) {
          throw new DateTimeParseException("not YYYY-MM-DD", text, 0);
        }
        expires = Optional.of(LocalDate.parse(text));
      } catch (DateTimeParseException e) {
        throw d.invalid("'expires' must be a date YYYY-MM-DD, found '" + text + "'");
      }
    }
    return new SuppressionRule(rule, image, reason, expires);
  }
}
