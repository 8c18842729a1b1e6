package dev.runnerlint.source.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {

  @Test
  void parsesBearerAndBasicChallenges() {
    List<Challenge> c =
        Challenge.parse(
            List.of(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:library/ubuntu:pull\",error=\"insufficient_scope\"",
                "Basic realm=\"Registry Realm\""));
    assertThat(c).hasSize(2);
    assertThat(c.get(0).scheme()).isEqualTo("bearer");
    assertThat(c.get(0).params())
        .containsEntry("realm", "https://auth.docker.io/token")
        .containsEntry("service", "registry.docker.io")
        .containsEntry("scope", "repository:library/ubuntu:pull")
        .containsEntry("error", "insufficient_scope");
    assertThat(c.get(1)).isEqualTo(new Challenge("basic", Map.of("realm", "Registry Realm")));
  }

  @Test
  void parsesTwoChallengesInOneHeader() {
    assertThat(Challenge.parse(List.of("Basic realm=\"a\", Bearer realm=\"https://t\",service=s")))
        .extracting(Challenge::scheme)
        .containsExactly("basic", "bearer");
  }

  @Test
  void durationsAndRetryAfter() {
    assertThat(Deadline.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Deadline.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Deadline.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Deadline.parse("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Deadline.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThatThrownBy(() -> Deadline.parse("5x")).hasMessageContaining("invalid duration '5x'");
    assertThatThrownBy(() -> Deadline.parse("0s")).hasMessageContaining("must be positive");
    assertThat(HttpTransport.parseRetryAfter("7")).contains(Duration.ofSeconds(7));
    assertThat(HttpTransport.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"))
        .contains(Duration.ZERO);
    assertThat(HttpTransport.parseRetryAfter("soon")).isEmpty();
  }
}
