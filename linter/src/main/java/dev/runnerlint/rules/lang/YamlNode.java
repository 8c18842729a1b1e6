package dev.runnerlint.rules.lang;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node of a YAML document that remembers the line it came from, so that errors in rule packs and
 * config files can name {@code file:line}. Immutable once read.
 */
public final class YamlNode {

  /** What a node holds. */
  public enum Kind {
    MAP,
    LIST,
    SCALAR,
    NULL
  }

  private final Kind kind;
  private final String scalar;
  private final Map<String, YamlNode> map;
  private final List<YamlNode> list;
  private final String file;
  private final int line;
  private Map<String, Integer> keyLines = Map.of();

  YamlNode(
      Kind kind,
      String scalar,
      Map<String, YamlNode> map,
      List<YamlNode> list,
      String file,
      int line) {
    this.kind = kind;
    this.scalar = scalar;
    this.map = map == null ? Map.of() : Collections.unmodifiableMap(map);
    this.list = list == null ? List.of() : List.copyOf(list);
    this.file = file;
    this.line = line;
  }

  public Kind kind() {
    return kind;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public boolean isMap() {
    return kind == Kind.MAP;
  }

  public boolean isList() {
    return kind == Kind.LIST;
  }

  public boolean isScalar() {
    return kind == Kind.SCALAR;
  }

  public boolean isNull() {
    return kind == Kind.NULL;
  }

  /** The entries of a map node, in document order; empty for other kinds. */
  public Map<String, YamlNode> entries() {
    return map;
  }

  /** The items of a list node; empty for other kinds. */
  public List<YamlNode> items() {
    return list;
  }

  public Optional<YamlNode> get(String key) {
    return Optional.ofNullable(map.get(key));
  }

  /** The scalar text, for scalar nodes. */
  public String text() {
    if (kind != Kind.SCALAR) {
      throw invalid("expected a single value, found " + describe());
    }
    return scalar;
  }

  /** A human description of the node's kind, for error messages. */
  public String describe() {
    return switch (kind) {
      case MAP -> "a mapping";
      case LIST -> "a list";
      case SCALAR -> "'" + scalar + "'";
      case NULL -> "nothing";
    };
  }

  /** The map node's entries, or an error naming {@code what}. */
  public Map<String, YamlNode> requireMap(String what) {
    if (kind != Kind.MAP) {
      throw invalid(what + " must be a mapping, found " + describe());
    }
    return map;
  }

  /** The list node's items (a single scalar counts as a one-item list), or an error. */
  public List<YamlNode> requireList(String what) {
    if (kind == Kind.LIST) {
      return list;
    }
    if (kind == Kind.SCALAR) {
      return List.of(this);
    }
    if (kind == Kind.NULL) {
      return List.of();
    }
    throw invalid(what + " must be a list, found " + describe());
  }

  /** A non-empty scalar, or an error naming {@code what}. */
  public String requireText(String what) {
    if (kind != Kind.SCALAR || scalar.isBlank()) {
      throw invalid(what + " must be a non-empty value, found " + describe());
    }
    return scalar;
  }

  /** An error located at this node. */
  public Invalid invalid(String problem) {
    return new Invalid(file, line, problem);
  }

  /** A problem found in a YAML document, located at a node's line. */
  public static final class Invalid extends RuntimeException {
    private final String file;
    private final int line;
    private final String problem;

    public Invalid(String file, int line, String problem) {
      super(file + ":" + line + ": " + problem);
      this.file = file;
      this.line = line;
      this.problem = problem;
    }

    public String file() {
      return file;
    }

    public int line() {
      return line;
    }

    public String problem() {
      return problem;
    }
  }

  static YamlNode map(LinkedHashMap<String, YamlNode> entries, String file, int line) {
    return new YamlNode(Kind.MAP, null, entries, null, file, line);
  }

  static YamlNode map(
      LinkedHashMap<String, YamlNode> entries,
      Map<String, Integer> keyLines,
      String file,
      int line) {
    YamlNode node = map(entries, file, line);
    node.keyLines = Map.copyOf(keyLines);
    return node;
  }

  /** The line of {@code key} in this map (where an error about the key belongs). */
  public int keyLine(String key) {
    Integer l = keyLines.get(key);
    return l != null ? l : get(key).map(YamlNode::line).orElse(line);
  }

  /** An error about the key {@code key} of this map, on the key's line. */
  public Invalid invalidKey(String key, String problem) {
    return new Invalid(file, keyLine(key), problem);
  }

  static YamlNode list(List<YamlNode> items, String file, int line) {
    return new YamlNode(Kind.LIST, null, null, items, file, line);
  }

  static YamlNode scalar(String text, String file, int line) {
    return new YamlNode(Kind.SCALAR, text, null, null, file, line);
  }

  /** A node holding nothing, e.g. a primitive named without parameters. */
  public static YamlNode nul(String file, int line) {
    return new YamlNode(Kind.NULL, null, null, null, file, line);
  }
}
