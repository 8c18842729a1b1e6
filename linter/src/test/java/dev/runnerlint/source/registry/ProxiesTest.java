package dev.runnerlint.source.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxiesTest {

  private static Optional<Proxies.Server> proxyFor(Map<String, String> env, String url)
      throws Exception {
    return Proxies.fromEnvironment(env).forUri(URI.create(url));
  }

  @Test
  void httpsAndHttpProxiesArePerSchemeUpperCaseFirst() throws Exception {
    Map<String, String> env =
        Map.of(
            "HTTPS_PROXY", "http://secure:3128",
            "https_proxy", "http://ignored:1",
            "http_proxy", "plain:8080");
    assertThat(proxyFor(env, "https://ghcr.io/v2/"))
        .get()
        .extracting(Proxies.Server::host)
        .isEqualTo("secure");
    assertThat(proxyFor(env, "http://registry.test/v2/"))
        .get()
        .satisfies(s -> assertThat(s.host() + ":" + s.port()).isEqualTo("plain:8080"));
    assertThat(proxyFor(Map.of("HTTP_PROXY", "http://p:1"), "https://ghcr.io/")).isEmpty();
  }

  @Test
  void noProxyMatchesNamesSubdomainsAddressesRangesAndPorts() throws Exception {
    Map<String, String> env =
        Map.of(
            "HTTPS_PROXY", "http://proxy:3128",
            "NO_PROXY", "corp.example, .internal.test,10.1.0.0/16,10.9.8.7,mirror.test:5000");
    assertThat(proxyFor(env, "https://corp.example/")).isEmpty();
    assertThat(proxyFor(env, "https://registry.corp.example/")).isEmpty();
    assertThat(proxyFor(env, "https://notcorp.example/")).isPresent();
    assertThat(proxyFor(env, "https://a.internal.test/")).isEmpty();
    assertThat(proxyFor(env, "https://internal.test/")).isPresent();
    assertThat(proxyFor(env, "https://10.1.200.3/")).isEmpty();
    assertThat(proxyFor(env, "https://10.2.0.1/")).isPresent();
    assertThat(proxyFor(env, "https://10.9.8.7:443/")).isEmpty();
    assertThat(proxyFor(env, "https://mirror.test:5000/")).isEmpty();
    assertThat(proxyFor(env, "https://mirror.test:5001/")).isPresent();
    assertThat(proxyFor(Map.of("HTTPS_PROXY", "http://p:1", "no_proxy", "*"), "https://x/"))
        .isEmpty();
  }

  @Test
  void loopbackIsNeverProxiedAsInDocker() throws Exception {
    Map<String, String> env = Map.of("HTTPS_PROXY", "http://p:1", "HTTP_PROXY", "http://p:1");
    assertThat(proxyFor(env, "http://localhost:5000/")).isEmpty();
    assertThat(proxyFor(env, "http://127.0.0.1:5000/")).isEmpty();
    assertThat(proxyFor(env, "http://127.3.2.1:5000/")).isEmpty();
    assertThat(proxyFor(env, "http://[::1]:5000/")).isEmpty();
    assertThat(proxyFor(env, "https://registry.test:5000/")).isPresent();
  }

  @Test
  void credentialsAreDecodedAndNeverShown() throws Exception {
    Proxies.Server s =
        proxyFor(Map.of("HTTPS_PROXY", "http://us%40er:p%3Ass+word@proxy:3128"), "https://x/")
            .orElseThrow();
    assertThat(s.user()).contains("us@er");
    assertThat(s.password()).contains("p:ss+word");
    assertThat(s.toString()).isEqualTo("proxy proxy:3128").doesNotContain("word");
  }

  @Test
  void unsupportedProxySchemesAreRefusedWithoutShowingTheUrl() {
    assertThatThrownBy(
            () -> Proxies.fromEnvironment(Map.of("HTTPS_PROXY", "socks5://u:secret@p:1080")))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "HTTPS_PROXY: proxy scheme 'socks5' is not supported (only http:// proxies, which tunnel https)")
        .hasMessageNotContaining("secret");
  }
}
