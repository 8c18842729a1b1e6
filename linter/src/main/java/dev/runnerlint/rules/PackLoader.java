package dev.runnerlint.rules;

import dev.runnerlint.findings.Level;
import dev.runnerlint.findings.RuleInfo;
import dev.runnerlint.rules.lang.Check;
import dev.runnerlint.rules.lang.Params;
import dev.runnerlint.rules.lang.Primitive;
import dev.runnerlint.rules.lang.Variables;
import dev.runnerlint.rules.lang.YamlNode;
import dev.runnerlint.rules.lang.YamlReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a rule pack (YAML) into {@link Rule}s, validating everything it can before any image is
 * read: structure, rule IDs and names, levels, primitive names, parameters and their types, and
 * variables. Every error names {@code file:line}.
 */
public final class PackLoader {

  private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
  private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Set<String> PACK_KEYS =
      Set.of("pack", "description", "helpUri", "requires", "rules");
  private static final Set<String> RULE_KEYS =
      Set.of(
          "id",
          "name",
          "level",
          "summary",
          "description",
          "help",
          "helpUri",
          "tags",
          "fix",
          "when",
          "at",
          "requires",
          "check");
  private static final Set<String> NODE_OPTIONS = Set.of("message", "fix", "level", "at");

  /** The deployment keys {@code at:} may name; {@code env.NAME} too. */
  static final Set<String> AT_KEYS =
      Set.of(
          "containerMode",
          "image",
          "command",
          "args",
          "runAsUser",
          "runAsGroup",
          "fsGroup",
          "supplementalGroups",
          "readOnlyRootFilesystem");

  private static final Set<String> COMPOSITIONS = Set.of("all", "any", "not");

  private final Map<String, Primitive> primitives;

  public PackLoader(Map<String, Primitive> primitives) {
    this.primitives = Map.copyOf(primitives);
  }

  /**
   * Loads one pack.
   *
   * @param text the YAML
   * @param file the name used in errors and in {@link Pack#file()}
   * @param docs reads a file named relative to the pack (for {@code help: docs/ID.md}); empty when
   *     it does not exist
   */
  public Pack load(Reader text, String file, Function<String, Optional<String>> docs)
      throws PackException {
    YamlNode root;
    try {
      root = YamlReader.read(text, file);
    } catch (YamlNode.Invalid e) {
      throw new PackException(e.file(), e.line(), e.problem());
    } catch (IOException e) {
      throw new PackException(file, 0, "cannot read: " + e.getMessage());
    }
    return load(root, file, docs);
  }

  /**
   * Loads one pack from its parsed tree (a built-in pack's pre-parsed form, {@link
   * dev.runnerlint.rules.lang.YamlNodeCodec}); the same checks and messages as from its YAML.
   */
  public Pack load(YamlNode root, String file, Function<String, Optional<String>> docs)
      throws PackException {
    try {
      return pack(root, file, docs);
    } catch (YamlNode.Invalid e) {
      throw new PackException(e.file(), e.line(), e.problem());
    }
  }

  private Pack pack(YamlNode root, String file, Function<String, Optional<String>> docs) {
    if (root.isNull()) {
      throw root.invalid("empty rule pack: expected 'pack:' and 'rules:'");
    }
    Map<String, YamlNode> top = root.requireMap("a rule pack");
    unknownKeys(top, PACK_KEYS, "rule pack");
    if (!top.containsKey("pack")) {
      throw root.invalid("missing 'pack:' (the pack's name)");
    }
    String name = top.get("pack").requireText("'pack' (the pack's name)");
    if (!KEBAB.matcher(name).matches()) {
      throw top.get("pack").invalid("pack name '" + name + "' must be kebab-case, e.g. my-pack");
    }
    String description = optText(top, "description").orElse("");
    Optional<String> helpUri = optText(top, "helpUri");
    boolean requiresDeployment = false;
    if (top.containsKey("requires")) {
      String req = top.get("requires").requireText("'requires'");
      if (!req.equals("deployment")) {
        throw top.get("requires")
            .invalid("unknown 'requires: " + req + "'; the only requirement is deployment");
      }
      requiresDeployment = true;
    }
    YamlNode rulesNode = top.get("rules");
    if (rulesNode == null) {
      throw root.invalid("missing 'rules:' (a list of rules)");
    }
    if (!rulesNode.isList() || rulesNode.items().isEmpty()) {
      throw rulesNode.invalid(
          "'rules' must be a non-empty list of rules, found " + rulesNode.describe());
    }
    List<Rule> rules = new ArrayList<>();
    Map<String, YamlNode> ids = new HashMap<>();
    for (YamlNode r : rulesNode.items()) {
      Rule rule = rule(r, name, file, helpUri, docs, requiresDeployment);
      YamlNode idNode = r.entries().get("id");
      YamlNode previous = ids.putIfAbsent(rule.id(), idNode);
      if (previous != null) {
        throw idNode.invalid(
            "duplicate rule id '"
                + rule.id()
                + "' (first declared at line "
                + previous.line()
                + ")");
      }
      rules.add(rule);
    }
    return new Pack(name, file, description, rules, requiresDeployment);
  }

  private Rule rule(
      YamlNode node,
      String pack,
      String file,
      Optional<String> helpUriTemplate,
      Function<String, Optional<String>> docs,
      boolean packRequiresDeployment) {
    Map<String, YamlNode> m = node.requireMap("a rule");
    unknownKeys(m, RULE_KEYS, "rule");
    String id = required(m, node, "id", "the rule's ID, e.g. ACME001");
    YamlNode idNode = m.get("id");
    if (!ID.matcher(id).matches()) {
      throw idNode.invalid(
          "rule id '"
              + id
              + "' must be letters, digits, '-', '_' or '.', "
              + "starting with a letter");
    }
    String name = required(m, node, "name", "a kebab-case short name");
    if (!KEBAB.matcher(name).matches()) {
      throw m.get("name")
          .invalid("rule name '" + name + "' must be kebab-case, e.g. run-sh-present");
    }
    String levelText = required(m, node, "level", "error, warning or note");
    Level level = level(m.get("level"), levelText);
    String summary = required(m, node, "summary", "one sentence: what the rule checks");
    String description = optText(m, "description").orElse(summary);
    String help = help(m, id, summary, docs);
    String helpUri =
        optText(m, "helpUri").or(() -> helpUriTemplate.map(t -> t.replace("{id}", id))).orElse("");
    List<String> tags = new ArrayList<>();
    if (m.containsKey("tags")) {
      for (YamlNode t : m.get("tags").requireList("'tags'")) {
        tags.add(t.requireText("a tag"));
      }
    }
    String fix = optText(m, "fix").orElse("");
    for (String v : Variables.namesIn(fix)) {
      if (!Variables.isKnown(v)) {
        throw m.get("fix")
            .invalid(
                "'fix' uses unknown variable '${"
                    + v
                    + "}'; known: "
                    + String.join(", ", Variables.KNOWN.keySet()));
      }
    }
    Optional<Check> when =
        m.containsKey("when") ? Optional.of(check(m.get("when"))) : Optional.empty();
    if (!m.containsKey("check")) {
      throw node.invalid("rule " + id + " has no 'check:'");
    }
    Check check = check(m.get("check"));
    RuleInfo info = new RuleInfo(id, name, pack, level, summary, description, help, helpUri, tags);
    boolean requiresDeployment = packRequiresDeployment;
    if (m.containsKey("requires")) {
      String req = m.get("requires").requireText("'requires'");
      requiresDeployment =
          switch (req) {
            case "deployment" -> true;
            case "image" -> false;
            default ->
                throw m.get("requires")
                    .invalid(
                        "unknown 'requires: "
                            + req
                            + "'; a rule requires deployment or only the image");
          };
    }
    return new Rule(info, when, check, fix, file, idNode.line(), at(m), requiresDeployment);
  }

  private static Level level(YamlNode node, String text) {
    try {
      return Level.parse(text);
    } catch (IllegalArgumentException e) {
      throw node.invalid("unknown level '" + text + "': expected error, warning or note");
    }
  }

  private static String help(
      Map<String, YamlNode> m, String id, String summary, Function<String, Optional<String>> docs) {
    YamlNode h = m.get("help");
    if (h == null) {
      return docs.apply("docs/" + id + ".md").orElse(summary);
    }
    String text = h.requireText("'help' (a doc file such as docs/" + id + ".md, or Markdown)");
    if (!text.contains("\n") && text.trim().endsWith(".md")) {
      String name = text.trim();
      return docs.apply(name)
          .orElseThrow(() -> h.invalid("help file '" + name + "' not found next to the pack"));
    }
    return text;
  }

  /** Parses a check node (also used for {@code when:}). */
  Check check(YamlNode node) {
    if (node.isList()) {
      // a bare list means all of them
      return new Check.All(children(node, "a check list"), Check.Options.NONE);
    }
    if (node.isScalar()) {
      return call(node.text(), node, YamlNode.nul(node.file(), node.line()), Check.Options.NONE);
    }
    Map<String, YamlNode> m = node.requireMap("a check");
    List<String> heads = m.keySet().stream().filter(k -> !NODE_OPTIONS.contains(k)).toList();
    if (heads.size() != 1) {
      throw node.invalid(
          heads.isEmpty()
              ? "a check needs one of all:, any:, not: or a primitive"
              : "a check has exactly one of all:, any:, not: or a primitive, found "
                  + String.join(", ", heads)
                  + " (use all: to combine)");
    }
    String head = heads.get(0);
    Check.Options options = options(m);
    YamlNode body = m.get(head);
    switch (head) {
      case "all" -> {
        return new Check.All(children(body, "'all'"), options);
      }
      case "any" -> {
        return new Check.Any(children(body, "'any'"), options);
      }
      case "not" -> {
        if (options.message().isEmpty()) {
          throw node.invalid("'not:' needs a 'message:' saying what is wrong when its check holds");
        }
        return new Check.Not(check(body), options);
      }
      default -> {
        // errors about the primitive's name belong on its key's line, not on its parameters'
        return call(head, YamlNode.nul(node.file(), node.keyLine(head)), body, options);
      }
    }
  }

  private List<Check> children(YamlNode body, String what) {
    if (!body.isList() || body.items().isEmpty()) {
      throw body.invalid(what + " must be a non-empty list of checks, found " + body.describe());
    }
    List<Check> out = new ArrayList<>();
    for (YamlNode item : body.items()) {
      out.add(check(item));
    }
    return out;
  }

  private Check call(String name, YamlNode at, YamlNode params, Check.Options options) {
    Primitive p = primitives.get(name);
    if (p == null) {
      if (COMPOSITIONS.contains(name)) {
        throw at.invalid("'" + name + "' needs a value");
      }
      throw at.invalid(
          "unknown check primitive '"
              + name
              + "'; known: "
              + String.join(", ", new java.util.TreeSet<>(primitives.keySet())));
    }
    return new Check.Call(p, Params.validate(name, p.params(), params), options);
  }

  private static Check.Options options(Map<String, YamlNode> m) {
    Optional<String> message = optText(m, "message");
    Optional<String> fix = optText(m, "fix");
    for (String key : List.of("message", "fix")) {
      if (m.containsKey(key)) {
        for (String v : Variables.namesIn(m.get(key).text())) {
          if (!v.equals("detail") && !Variables.isKnown(v)) {
            throw m.get(key).invalid("'" + key + "' uses unknown variable '${" + v + "}'");
          }
        }
      }
    }
    Optional<Level> level =
        m.containsKey("level")
            ? Optional.of(level(m.get("level"), m.get("level").requireText("'level'")))
            : Optional.empty();
    return new Check.Options(message, fix, level, at(m));
  }

  /** An {@code at:} key: one deployment key or a list of them. */
  private static List<String> at(Map<String, YamlNode> m) {
    YamlNode n = m.get("at");
    if (n == null) {
      return List.of();
    }
    List<YamlNode> items = n.isList() ? n.items() : List.of(n);
    List<String> keys = new ArrayList<>();
    for (YamlNode item : items) {
      String k = item.requireText("a deployment key in 'at'");
      boolean env = k.startsWith("env.") && k.length() > 4;
      if (!env && !AT_KEYS.contains(k)) {
        throw item.invalid(
            "unknown deployment key '"
                + k
                + "' in 'at'; expected env.NAME or one of "
                + String.join(", ", new java.util.TreeSet<>(AT_KEYS)));
      }
      keys.add(k);
    }
    return keys;
  }

  private static void unknownKeys(Map<String, YamlNode> m, Set<String> allowed, String what) {
    for (Map.Entry<String, YamlNode> e : m.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw e.getValue()
            .invalid(
                "unknown key '"
                    + e.getKey()
                    + "' in "
                    + what
                    + "; expected "
                    + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
  }

  private static String required(Map<String, YamlNode> m, YamlNode owner, String key, String what) {
    YamlNode v = m.get(key);
    if (v == null) {
      throw owner.invalid("missing '" + key + ":' (" + what + ")");
    }
    return v.requireText("'" + key + "' (" + what + ")");
  }

  private static Optional<String> optText(Map<String, YamlNode> m, String key) {
    YamlNode v = m.get(key);
    return v == null ? Optional.empty() : Optional.of(v.requireText("'" + key + "'"));
  }
}
