package dev.runnerlint.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReportersTest {
  @Test
  void everyNameGivesAReporterOfThatFormat() {
    for (String name : Reporters.names()) {
      assertThat(Reporters.byName(name, Reporters.Options.defaults()).format()).isEqualTo(name);
    }
    assertThat(Reporters.byName(" SARIF ", Reporters.Options.defaults()).format())
        .isEqualTo("sarif");
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> Reporters.byName("xml", Reporters.Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown format 'xml': expected one of text, json, sarif, junit, github, markdown");
  }
}
