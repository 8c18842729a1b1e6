package dev.runnerlint.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnerlint.io.JsonTrees;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers over Jackson's tree model for the image JSON documents. */
final class Json {
  private Json() {}

  static JsonNode readObject(byte[] bytes, String what) throws ManifestFormatException {
    JsonNode node;
    try {
      node = JsonTrees.read(bytes);
    } catch (IOException e) {
      throw ManifestFormatException.malformed(what + " is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw ManifestFormatException.malformed(what + " is not a JSON object");
    }
    return node;
  }

  /** A text field, or null when absent or JSON null. */
  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** A list of strings; null when absent or JSON null (Entrypoint and Cmd distinguish that). */
  static List<String> strings(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(e -> out.add(e.asText()));
    } else {
      out.add(v.asText());
    }
    return out;
  }

  static Map<String, String> stringMap(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (v != null && v.isObject()) {
      v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }
}
