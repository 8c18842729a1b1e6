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
      throw new YamlNode.Invalid(
          file, Math.max(line, 0), "malformed YAML: " + e.getOriginalMessage());
    }
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
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int keyLine = line(p);
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
        return YamlNode.map(entries, file, line);
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
