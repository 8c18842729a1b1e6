package dev.runnerlint.source.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the daemon as the Docker CLI does: flag, DOCKER_HOST, context, default socket. */
class DaemonSettingsTest {
  @TempDir Path config;

  private void context(String name, String host) throws Exception {
    Path meta = config.resolve("contexts/meta").resolve(DaemonSettings.sha256(name));
    Files.createDirectories(meta);
    Files.writeString(
        meta.resolve("meta.json"),
        "{\"Name\":\""
            + name
            + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\""
            + host
            + "\",\"SkipTLSVerify\":false}}}");
  }

  private DaemonAddress resolve(Map<String, String> env) throws Exception {
    return DaemonSettings.fromEnvironment(env).resolve(config);
  }

  @Test
  void withNothingSetItIsDockerdsDefaultSocket() throws Exception {
    DaemonAddress a = resolve(Map.of());
    assertThat(a.toString()).isEqualTo("unix:///var/run/docker.sock");
    assertThat(a.socket()).isEqualTo(Path.of("/var/run/docker.sock"));
  }

  @Test
  void dockerHostWinsOverTheContextsAndTheFlagWinsOverDockerHost() throws Exception {
    context("podman", "unix:///run/podman/podman.sock");
    Files.writeString(config.resolve("config.json"), "{\"currentContext\":\"podman\"}");
    Map<String, String> env =
        Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375", "DOCKER_CONTEXT", "podman");

    assertThat(resolve(env).toString()).isEqualTo("tcp://127.0.0.1:2375");
    assertThat(
            DaemonSettings.fromEnvironment(env)
                .withHost("unix:///tmp/flag.sock")
                .resolve(config)
                .socket())
        .isEqualTo(Path.of("/tmp/flag.sock"));
  }

  @Test
  void dockerContextAndThenTheCurrentContextNameTheContextsEndpoint() throws Exception {
    context("podman", "unix:///run/podman/podman.sock");
    context("remote", "tcp://[::1]:2376");
    Files.writeString(config.resolve("config.json"), "{\"currentContext\":\"remote\"}");

    DaemonAddress current = resolve(Map.of());
    assertThat(current.host()).isEqualTo("::1");
    assertThat(current.port()).isEqualTo(2376);
    assertThat(resolve(Map.of("DOCKER_CONTEXT", "podman")).socket())
        .isEqualTo(Path.of("/run/podman/podman.sock"));
    assertThat(resolve(Map.of("DOCKER_CONTEXT", "default")).toString())
        .isEqualTo(DaemonAddress.DEFAULT);
  }

  @Test
  void aContextThatDoesNotExistOrHasNoHostIsOneLine() throws Exception {
    assertThatThrownBy(() -> resolve(Map.of("DOCKER_CONTEXT", "gone")))
        .isInstanceOf(DaemonSettings.DaemonConfigException.class)
        .hasMessageStartingWith("Docker context 'gone' (DOCKER_CONTEXT) does not exist")
        .hasMessageNotContaining("\n");
    context("empty", "");
    assertThatThrownBy(() -> resolve(Map.of("DOCKER_CONTEXT", "empty")))
        .hasMessageContaining("has no Endpoints.docker.Host");
    Files.writeString(config.resolve("config.json"), "{not json");
    assertThatThrownBy(() -> resolve(Map.of())).hasMessageContaining("config.json: not valid JSON");
  }

  @Test
  void tlsAndOtherSchemesAreRefusedRatherThanSpokenInPlainHttp() {
    assertThatThrownBy(
            () -> resolve(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2376", "DOCKER_TLS_VERIFY", "1")))
        .hasMessageContaining("TLS to a daemon is not supported");
    assertThatThrownBy(() -> resolve(Map.of("DOCKER_HOST", "ssh://me@host")))
        .hasMessageContaining("scheme ssh://")
        .hasMessageContaining("(from DOCKER_HOST / --docker-host)");
    assertThatThrownBy(() -> DaemonAddress.parse("tcp://127.0.0.1:99999"))
        .hasMessageContaining("bad port");
    assertThatThrownBy(() -> DaemonAddress.parse("unix://")).hasMessageContaining("no socket path");
    assertThat(DaemonAddress.parse("tcp://localhost").port()).isEqualTo(2375);
  }
}
