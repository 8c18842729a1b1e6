package dev.runnerlint.values;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML value with the line it starts on (for a mapping entry: the line of its key), read with
 * Jackson's YAML parser and the {@link JsonLocation} of each token. Helm's conventions: the last of
 * duplicate keys wins, unknown keys are simply not asked for.
 */
final class ValuesNode {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  enum Kind {
    MAP,
    LIST,
    SCALAR,
    NULL
  }

  private final Kind kind;
  private final int line;
  private final Map<String, ValuesNode> entries;
  private final List<ValuesNode> items;
  private final String text;
  private final JsonToken token;

  private ValuesNode(
      Kind kind,
      int line,
      Map<String, ValuesNode> entries,
      List<ValuesNode> items,
      String text,
      JsonToken token) {
    this.kind = kind;
    this.line = line;
    this.entries = entries;
    this.items = items;
    this.text = text;
    this.token = token;
  }

  /** Parses one YAML document; malformed YAML is a {@link ValuesException} with its line. */
  static ValuesNode read(Reader in, String file) throws IOException, ValuesException {
    try (JsonParser p = FACTORY.createParser(in)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new ValuesNode(Kind.NULL, 1, Map.of(), List.of(), null, null);
      }
      return value(p, line(p));
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      int line = loc == null ? 0 : Math.max(loc.getLineNr(), 0);
      throw new ValuesException(file, line, "malformed YAML: " + oneLine(e.getOriginalMessage()));
    }
  }

  /** SnakeYAML's multi-line problem as one line: its sentences, without the caret drawings. */
  static String oneLine(String message) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    for (String l : String.valueOf(message).split("\\R")) {
      String t = l.strip();
      if (t.isEmpty() || t.equals("^") || t.startsWith("in 'reader'")) {
        continue;
      }
      parts.add(t);
    }
    return String.join("; ", parts);
  }

  private static int line(JsonParser p) {
    JsonLocation loc = p.currentTokenLocation();
    return loc == null ? 1 : Math.max(loc.getLineNr(), 1);
  }

  private static ValuesNode value(JsonParser p, int at) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, ValuesNode> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int keyLine = line(p);
          p.nextToken();
          entries.put(key, value(p, keyLine));
        }
        return new ValuesNode(Kind.MAP, at, entries, List.of(), null, t);
      }
      case START_ARRAY -> {
        List<ValuesNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(p, line(p)));
        }
        return new ValuesNode(Kind.LIST, at, Map.of(), items, null, t);
      }
      case VALUE_NULL -> {
        return new ValuesNode(Kind.NULL, at, Map.of(), List.of(), null, t);
      }
      default -> {
        return new ValuesNode(Kind.SCALAR, at, Map.of(), List.of(), p.getText(), t);
      }
    }
  }

  Kind kind() {
    return kind;
  }

  int line() {
    return line;
  }

  boolean isNull() {
    return kind == Kind.NULL;
  }

  /** The entry {@code key} of a mapping; empty when absent, null, or this is not a mapping. */
  Optional<ValuesNode> get(String key) {
    ValuesNode n = kind == Kind.MAP ? entries.get(key) : null;
    return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
  }

  List<ValuesNode> items() {
    return items;
  }

  String text() {
    return text;
  }

  boolean isBoolean() {
    return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
  }

  boolean isInteger() {
    return token == JsonToken.VALUE_NUMBER_INT;
  }

  String describe() {
    return switch (kind) {
      case MAP -> "a mapping";
      case LIST -> "a list";
      case NULL -> "nothing";
      case SCALAR -> "'" + text + "'";
    };
  }
}
