package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.rules.Pack;
import dev.runnerlint.rules.Rule;
import dev.runnerlint.rules.RuleCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built-in packs {@code lint} parses ahead on another thread are the packs {@link
 * RuleCatalog#builtinPacks()} parses on the caller's: same packs, rules, metadata and places.
 */
class BuiltinPacksTest {

  @Test
  void parsedAheadEqualsParsedInPlace() throws Exception {
    List<Pack> ahead = Catalogs.BuiltinPacks.start().get();
    List<Pack> inPlace = RuleCatalog.builtinPacks();
    assertThat(describe(ahead)).isEqualTo(describe(inPlace)).isNotEmpty();
    assertThat(ahead.stream().map(Pack::name))
        .containsExactly("arc-contract", "arc-parity", "arc-deployment");
  }

  @Test
  void catalogWithPacksParsedAheadEqualsTheBuiltinCatalog() throws Exception {
    RuleCatalog ahead =
        Catalogs.loadCatalog(
            Environment.notATerminal(), null, List.of(), Catalogs.BuiltinPacks.start());
    assertThat(describe(ahead.packs())).isEqualTo(describe(RuleCatalog.builtin().packs()));
  }

  private static List<String> describe(List<Pack> packs) {
    return packs.stream()
        .flatMap(
            p ->
                p.rules().stream()
                    .map(
                        (Rule r) ->
                            String.join(
                                "|",
                                p.name(),
                                p.file(),
                                String.valueOf(p.description()),
                                String.valueOf(p.requiresDeployment()),
                                r.info().toString(),
                                String.valueOf(r.when().isPresent()),
                                r.check().getClass().getName(),
                                r.fix(),
                                r.file(),
                                String.valueOf(r.line()),
                                r.at().toString(),
                                String.valueOf(r.requiresDeployment()))))
        .toList();
  }
}
