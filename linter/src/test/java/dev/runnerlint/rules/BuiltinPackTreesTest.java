package dev.runnerlint.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.rules.lang.YamlNode;
import dev.runnerlint.rules.lang.YamlNodeCodec;
import dev.runnerlint.rules.lang.YamlReader;
import dev.runnerlint.rules.primitives.Primitives;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The built-in packs' pre-parsed trees (written by the build, read by every run) say exactly what
 * their YAML says: same nodes, values and lines, so the same rules, messages and locations.
 */
class BuiltinPackTreesTest {

  @Test
  void everyBuiltinPackHasATreeEqualToItsYaml() throws IOException {
    for (String name : RuleCatalog.BUILTIN_PACKS) {
      String file = "builtin:" + name;
      Optional<YamlNode> tree = RuleCatalog.builtinTree(name, file);
      assertThat(tree).as("the build wrote the tree of %s", name).isPresent();
      assertThat(render(tree.get())).as(name).isEqualTo(render(yaml(name, file)));
    }
  }

  @Test
  void theCatalogFromTreesIsTheCatalogFromYaml() throws Exception {
    PackLoader loader = new PackLoader(Primitives.builtin());
    List<Pack> fromYaml = new ArrayList<>();
    for (String name : RuleCatalog.BUILTIN_PACKS) {
      try (Reader r = reader(name)) {
        fromYaml.add(loader.load(r, "builtin:" + name, rel -> Optional.of("doc " + rel)));
      }
    }
    RuleCatalog viaYaml = RuleCatalog.load(fromYaml, List.of());
    RuleCatalog viaTrees = RuleCatalog.load(List.of());
    assertThat(viaTrees.infos())
        .extracting(i -> i.id() + " " + i.name() + " " + i.defaultLevel() + " " + i.summary())
        .containsExactlyElementsOf(
            viaYaml.infos().stream()
                .map(i -> i.id() + " " + i.name() + " " + i.defaultLevel() + " " + i.summary())
                .toList());
    assertThat(viaTrees.infos()).hasSize(viaYaml.infos().size()).isNotEmpty();
  }

  @Test
  void theDocsBundleHoldsEveryDocWithItsText() throws Exception {
    Map<String, String> bundle =
        BuiltinPackTrees.readDocsBundle(
            getClass()
                .getClassLoader()
                .getResourceAsStream(RuleCatalog.BUILTIN_ROOT + BuiltinPackTrees.DOCS_BUNDLE));
    List<String> ids = RuleCatalog.load(List.of()).infos().stream().map(i -> i.id()).toList();
    assertThat(bundle).as("the build wrote the docs bundle").isNotEmpty();
    for (String id : ids) {
      String rel = "docs/" + id + ".md";
      try (InputStream in =
          getClass().getClassLoader().getResourceAsStream(RuleCatalog.BUILTIN_ROOT + rel)) {
        assertThat(in).as(rel).isNotNull();
        assertThat(bundle.get(rel))
            .as(rel)
            .isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(RuleCatalog.builtinDoc("docs/ARC001.md"))
        .isEqualTo(Optional.of(bundle.get("docs/ARC001.md")));
    assertThat(BuiltinPackTrees.readDocsBundle(new ByteArrayInputStream(new byte[] {0, 0})))
        .isEmpty();
  }

  @Test
  void aRoundTripKeepsEveryKindValueAndLine() throws IOException {
    String text =
        "pack: p\n"
            + "rules:\n"
            + "  - id: X1\n"
            + "    empty:\n"
            + "    list: [a, 'b c', 3]\n"
            + "    nested: {k: v}\n"
            + "    text: |\n"
            + "      two\n"
            + "      lines\n";
    YamlNode parsed = YamlReader.read(new StringReader(text), "t.yaml");
    assertThat(render(roundTrip(parsed, "t.yaml"))).isEqualTo(render(parsed));
    assertThat(render(parsed))
        .contains("text:7='two\\nlines\\n'@t.yaml:7", "empty:4=null@t.yaml:4", "'b c'@t.yaml:5");
  }

  @Test
  void bytesThatAreNotATreeOfThisVersionAreRefused() throws IOException {
    YamlNode parsed = YamlReader.read(new StringReader("a: [1, 2]\n"), "t.yaml");
    byte[] bytes = bytes(parsed);
    assertThatThrownBy(
            () ->
                YamlNodeCodec.read(
                    new DataInputStream(
                        new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length - 3))),
                    "t.yaml"))
        .isInstanceOf(IOException.class);
    byte[] other = bytes.clone();
    other[7]++; // the version
    assertThatThrownBy(
            () -> YamlNodeCodec.read(new DataInputStream(new ByteArrayInputStream(other)), "t"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a rule-pack tree");
  }

  private static YamlNode yaml(String name, String file) throws IOException {
    try (Reader r = reader(name)) {
      return YamlReader.read(r, file);
    }
  }

  private static Reader reader(String name) {
    InputStream in =
        BuiltinPackTreesTest.class
            .getClassLoader()
            .getResourceAsStream(RuleCatalog.BUILTIN_ROOT + name);
    assertThat(in).as("resource %s", name).isNotNull();
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  private static YamlNode roundTrip(YamlNode node, String file) throws IOException {
    return YamlNodeCodec.read(new DataInputStream(new ByteArrayInputStream(bytes(node))), file);
  }

  private static byte[] bytes(YamlNode node) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      YamlNodeCodec.write(node, out);
    }
    return b.toByteArray();
  }

  /** Every node's kind, value, file and line, and every key's line, in order. */
  private static String render(YamlNode n) {
    StringBuilder s = new StringBuilder();
    render(n, s);
    return s.toString();
  }

  private static void render(YamlNode n, StringBuilder s) {
    String where = "@" + n.file() + ":" + n.line();
    switch (n.kind()) {
      case SCALAR ->
          s.append('\'').append(n.text().replace("\n", "\\n")).append('\'').append(where);
      case NULL -> s.append("null").append(where);
      case LIST -> {
        s.append('[');
        for (YamlNode item : n.items()) {
          render(item, s);
          s.append(',');
        }
        s.append(']').append(where);
      }
      case MAP -> {
        s.append('{');
        for (Map.Entry<String, YamlNode> e : n.entries().entrySet()) {
          s.append(e.getKey()).append(':').append(n.keyLine(e.getKey())).append('=');
          render(e.getValue(), s);
          s.append(',');
        }
        s.append('}').append(where);
      }
    }
  }
}
