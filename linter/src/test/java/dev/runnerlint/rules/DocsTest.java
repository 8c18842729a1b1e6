package dev.runnerlint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.rules.lang.Variables;
import dev.runnerlint.rules.primitives.Primitives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The rule-language doc lists every primitive, parameter and variable the code accepts. */
class DocsTest {
  private static final Path ROOT = Path.of(System.getProperty("runnerlint.projectRoot", ".."));

  @Test
  void ruleLanguageDocCoversEveryPrimitiveParameterAndVariable() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/rule-language.md"));
    Primitives.builtin()
        .forEach(
            (name, p) -> {
              assertThat(doc).as(name).contains("| `" + name + "` |");
              int row = doc.indexOf("| `" + name + "` |");
              String line = doc.substring(row, doc.indexOf('\n', row));
              p.params()
                  .params()
                  .keySet()
                  .forEach(param -> assertThat(line).as(name + " " + param).contains("`" + param));
            });
    Variables.KNOWN.keySet().forEach(v -> assertThat(doc).as(v).contains("${" + v + "}"));
  }

  @Test
  void everyBuiltinRuleHasItsDocFile() {
    for (Rule r : RuleCatalog.builtin().rules()) {
      assertThat(ROOT.resolve("rules/docs/" + r.id() + ".md")).as(r.id()).isRegularFile();
    }
  }
}
