package dev.runnerlint.rules.lang;

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

/**
 * Reads one YAML document into {@link YamlNode}s with line numbers, using Jackson's YAML parser and
 * the {@link JsonLocation} of every token. Duplicate keys are an error.
 */
public final class YamlReader {

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlReader() {}

  /**
   * Parses {@code text}; {@code file} names it in errors.
   *
   * @throws YamlNode.Invalid on malformed YAML, with the parser's line
   */
  public static YamlNode read(Reader text, String file) throws IOException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return YamlNode.nul(file, 1);
      }
      YamlNode node = readValue(p, file);
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      int line = loc == null ? 0 : loc.getLineNr();
      if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m
          && m.getProblemMark() != null) {
        line = m.getProblemMark().getLine() + 1; // where the problem is, not where parsing was
      }
      throw new YamlNode.Invalid(file, Math.max(line, 0), "malformed YAML: " + oneLine(e));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new YamlNode.Invalid(file, 1, "not UTF-8 text");
    }
  }

  /**
   * The parser's problem in one line: SnakeYAML's "problem" without its context and caret lines,
   * which are on separate lines (the line number is given separately).
   */
  static String oneLine(JsonProcessingException e) {
    Throwable cause = e.getCause();
    if (cause instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblem() != null) {
      String context = m.getContext() == null ? "" : m.getContext().strip() + ": ";
      return (context + m.getProblem().strip()).replaceAll("\\s+", " ");
    }
    if (cause instanceof java.nio.charset.CharacterCodingException) {
      return "not UTF-8 text";
    }
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (message.contains("MalformedInputException") || message.contains("UnmappableCharacter")) {
      return "not UTF-8 text";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }

  private static int line(JsonParser p) {
    JsonLocation loc = p.currentTokenLocation();
    return loc == null ? 0 : Math.max(loc.getLineNr(), 0);
  }

  private static YamlNode readValue(JsonParser p, String file) throws IOException {
    JsonToken t = p.currentToken();
    int line = line(p);
    switch (t) {
      case START_OBJECT -> {
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
        java.util.Map<String, Integer> keyLines = new java.util.HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int keyLine = line(p);
          keyLines.putIfAbsent(key, keyLine);
          if (entries.containsKey(key)) {
            throw new YamlNode.Invalid(file, keyLine, "duplicate key '" + key + "'");
          }
          p.nextToken();
          YamlNode value = readValue(p, file);
          if (value.isNull()) {
            // a key with no value sits on the key's line
            value = YamlNode.nul(file, keyLine);
          }
          entries.put(key, value);
        }
        return YamlNode.map(entries, keyLines, file, line);
      }
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(p, file));
        }
        return YamlNode.list(items, file, line);
      }
      case VALUE_NULL -> {
        return YamlNode.nul(file, line);
      }
      case VALUE_STRING,
          VALUE_NUMBER_INT,
          VALUE_NUMBER_FLOAT,
          VALUE_TRUE,
          VALUE_FALSE,
          VALUE_EMBEDDED_OBJECT -> {
        return YamlNode.scalar(p.getText(), file, line);
      }
      default -> throw new YamlNode.Invalid(file, line, "unexpected YAML token " + t);
    }
  }
}
