package dev.runnerlint.source.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
  @TempDir Path tmp;

  private static String auth(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String name, String json) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, json);
    return p;
  }

  @Test
  void dockerHubIsFoundUnderItsLegacyKey() throws Exception {
    Path config =
        write(
            "config.json",
            "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
                + auth("hubuser", "pw")
                + "\"}}}");
    CredentialStore store = CredentialStore.of(Optional.empty(), config, Map.of());
    assertThat(store.lookup("docker.io", "library/ubuntu"))
        .get()
        .satisfies(c -> assertThat(c.username() + ":" + c.secret()).isEqualTo("hubuser:pw"));
    assertThat(store.lookup("ghcr.io", "acme/runner")).isEmpty();
  }

  @Test
  void dockerKeysWithSchemeAndPathNameTheHost() throws Exception {
    Path config =
        write(
            "config.json",
            "{\"auths\":{\"https://ghcr.io/v2/\":{\"username\":\"u\",\"password\":\"p\"}}}");
    assertThat(CredentialStore.of(Optional.empty(), config, Map.of()).lookup("ghcr.io", "a/b"))
        .get()
        .extracting(Credential::username)
        .isEqualTo("u");
  }

  @Test
  void theMostSpecificPodmanKeyWins() throws Exception {
    Path auth =
        write(
            "auth.json",
            "{\"auths\":{"
                + "\"quay.io\":{\"auth\":\""
                + auth("any", "1")
                + "\"},"
                + "\"quay.io/acme\":{\"auth\":\""
                + auth("acme", "2")
                + "\"},"
                + "\"quay.io/acme/runner\":{\"auth\":\""
                + auth("runner", "3")
                + "\"},"
                + "\"quay.io/acme/run\":{\"auth\":\""
                + auth("prefix-only", "4")
                + "\"}}}");
    CredentialStore store =
        CredentialStore.of(
            Optional.empty(),
            tmp.resolve("none.json"),
            Map.of("REGISTRY_AUTH_FILE", auth.toString()));
    assertThat(store.lookup("quay.io", "acme/runner"))
        .get()
        .extracting(Credential::username)
        .isEqualTo("runner");
    assertThat(store.lookup("quay.io", "acme/other"))
        .get()
        .extracting(Credential::username)
        .isEqualTo("acme");
    assertThat(store.lookup("quay.io", "elsewhere/x"))
        .get()
        .extracting(Credential::username)
        .isEqualTo("any");
    assertThat(store.searched()).isEqualTo(tmp.resolve("none.json") + ", " + auth);
  }

  @Test
  void aCredentialNeverShowsItsSecret() {
    assertThat(new Credential("alice", "s3cret", "/x/config.json").toString())
        .isEqualTo("credential for alice from /x/config.json");
  }

  @Test
  void aBrokenAuthEntryNamesTheFileButNotTheValue() throws Exception {
    Path config = write("config.json", "{\"auths\":{\"ghcr.io\":{\"auth\":\"no-colon-secret\"}}}");
    assertThatThrownBy(
            () -> CredentialStore.of(Optional.empty(), config, Map.of()).lookup("ghcr.io", "a/b"))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("invalid " + config + ": the auth entry for ghcr.io is not")
        .hasMessageNotContaining("no-colon-secret");
  }
}
