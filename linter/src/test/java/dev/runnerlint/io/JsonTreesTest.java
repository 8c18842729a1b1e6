package dev.runnerlint.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonTrees} gives the tree {@code new ObjectMapper().readTree} gives, node type and all.
 */
class JsonTreesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final List<String> DOCUMENTS =
      List.of(
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
              + "\"layers\":[{\"size\":9007199254740993,\"digest\":\"sha256:ab\","
              + "\"annotations\":{\"a\":\"b\"}}],\"config\":null}",
          "{\"big\":123456789012345678901234567890,\"neg\":-2147483649,\"int\":-2147483648,"
              + "\"f\":1.50,\"e\":1e400,\"t\":true,\"n\":false,\"u\":\"\\u00e9\\n\",\"empty\":[],"
              + "\"o\":{}}",
          "{\"dup\":1,\"dup\":{\"x\":[1,[2,[3]]]}}",
          "[1,\"two\",null,{\"three\":3.0}]",
          "\"just a string\"",
          "42",
          "{\"a\":1} trailing",
          "",
          "   \n ");

  @Test
  void sameTreeAsObjectMapper() throws Exception {
    for (String doc : DOCUMENTS) {
      JsonNode expected = MAPPER.readTree(doc.getBytes(StandardCharsets.UTF_8));
      JsonNode fromBytes = JsonTrees.read(doc.getBytes(StandardCharsets.UTF_8));
      JsonNode fromText = JsonTrees.read(doc);
      assertThat(fromBytes).as(doc).isEqualTo(expected);
      assertThat(fromText).as(doc).isEqualTo(expected);
      assertThat(shape(fromBytes)).as(doc).isEqualTo(shape(expected));
      assertThat(fromBytes.toString()).as(doc).isEqualTo(expected.toString());
    }
  }

  @Test
  void malformedInputFailsWhereObjectMapperFails() {
    for (String doc : List.of("{\"a\":", "{\"a\" 1}", "[1,2", "{'a':1}", "{\"a\":1,}", "]")) {
      assertThatThrownBy(() -> MAPPER.readTree(doc))
          .as(doc)
          .isInstanceOf(JsonProcessingException.class);
      assertThatThrownBy(() -> JsonTrees.read(doc))
          .as(doc)
          .isInstanceOf(JsonProcessingException.class);
    }
  }

  /** The node classes of the tree, which equals() does not always compare. */
  private static String shape(JsonNode node) {
    StringBuilder out = new StringBuilder(node.getClass().getSimpleName());
    if (node.isContainerNode()) {
      out.append('(');
      node.fields()
          .forEachRemaining(
              e -> out.append(e.getKey()).append('=').append(shape(e.getValue())).append(','));
      if (node.isArray()) {
        node.forEach(e -> out.append(shape(e)).append(','));
      }
      out.append(')');
    }
    return out.toString();
  }
}
