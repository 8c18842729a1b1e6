package dev.runnerlint.cli;

import static dev.runnerlint.cli.RegistryCli.assertNoSecrets;
import static dev.runnerlint.cli.RegistryCli.assertUnreadable;
import static dev.runnerlint.cli.RegistryCli.auths;
import static dev.runnerlint.cli.RegistryCli.dockerConfig;
import static dev.runnerlint.cli.RegistryCli.lint;
import static dev.runnerlint.cli.RegistryCli.script;
import static dev.runnerlint.cli.RegistryCli.vars;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.LocalRegistry;
import dev.runnerlint.fixtures.SampleImages;
import dev.runnerlint.fixtures.TokenIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry auth as users meet it, against the real registry in {@code auth: token} mode: anonymous
 * pull tokens (like public ghcr.io), tokens for basic credentials, wrong credentials, scope per
 * repository; credentials from config.json, credential helpers and podman/skopeo auth files. Every
 * run that used a credential is checked for it in all its output, {@code --debug} included.
 */
class RegistryAuthTest {

  private static final String ALICE_PW = "alice-S3cret-pw";
  private static final String BOB_PW = "bob-S3cret-pw";
  private static final String REFRESH = "refresh-T0ken-for-alice";
  private static final String WRONG_PW = "wr0ng-S3cret";

  @TempDir static Path shared;
  @TempDir Path tmp;

  private static TokenIssuer issuer;
  private static LocalRegistry registry;
  private static String host;

  @BeforeAll
  static void start() {
    issuer =
        TokenIssuer.start(shared)
            .user("pusher", "push-pw")
            .user("alice", ALICE_PW)
            .user("bob", BOB_PW)
            .refreshToken("alice", REFRESH)
            .grant("pusher", "", "pull", "push")
            .grant("", "public/", "pull")
            .grant("alice", "private/", "pull")
            .grant("alice", "public/", "pull")
            .grant("bob", "bob/", "pull");
    registry = LocalRegistry.startWithTokenAuth(issuer, "pusher", "push-pw");
    host = registry.hostPort();
    for (String repo : List.of("public/runner:1", "private/runner:1", "bob/runner:1")) {
      FixtureWriter.push(registry, repo, SampleImages.runnerOk("linux/amd64"));
    }
  }

  @AfterAll
  static void stop() {
    registry.close();
    issuer.close();
  }

  private List<TokenIssuer.Request> newRequests(int before) {
    List<TokenIssuer.Request> all = issuer.requests();
    return all.subList(before, all.size());
  }

  private Path config(String json) {
    return dockerConfig(tmp.resolve("docker"), json);
  }

  @Test
  void anonymousPullTokensReadAPublicImage() {
    int before = issuer.requests().size();
    RegistryCli.Run r =
        lint(
            tmp,
            Map.of(),
            "--docker-config",
            config("{}").toString(),
            registry.reference("public/runner:1"));
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(newRequests(before))
        .isNotEmpty()
        .allSatisfy(
            q -> {
              assertThat(q.scopes()).containsExactly("repository:public/runner:pull");
              assertThat(q.user()).isEmpty();
            });
  }

  @Test
  void basicCredentialsAreExchangedForATokenScopedToTheRepository() {
    int before = issuer.requests().size();
    Path dir = config(auths(host, "alice", ALICE_PW));
    RegistryCli.Run r =
        lint(
            tmp,
            Map.of(),
            "--debug",
            "--docker-config",
            dir.toString(),
            registry.reference("private/runner:1"));
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(newRequests(before))
        .isNotEmpty()
        .allSatisfy(
            q -> {
              assertThat(q.scopes()).containsExactly("repository:private/runner:pull");
              assertThat(q.user()).contains("alice");
              assertThat(q.account()).contains("alice");
              assertThat(q.authorized()).isTrue();
            });
    assertThat(r.debugLines())
        .anyMatch(l -> l.contains("got a token for repository:private/runner:pull"));
    assertNoSecrets(r, ALICE_PW);
  }

  @Test
  void anIdentityTokenIsExchangedWithTheOauth2RefreshGrant() {
    int before = issuer.requests().size();
    Path dir = config("{\"auths\":{\"" + host + "\":{\"identitytoken\":\"" + REFRESH + "\"}}}");
    RegistryCli.Run r =
        lint(
            tmp,
            Map.of(),
            "--debug",
            "--docker-config",
            dir.toString(),
            registry.reference("private/runner:1"));
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(newRequests(before)).extracting(TokenIssuer.Request::method).containsOnly("POST");
    assertNoSecrets(r, REFRESH);
  }

  @Test
  void wrongCredentialsAreRejectedByTheTokenService() {
    Path dir = config(auths(host, "alice", WRONG_PW));
    for (String debug : List.of("--no-color", "--debug")) {
      RegistryCli.Run r =
          lint(
              tmp,
              Map.of(),
              debug,
              "--docker-config",
              dir.toString(),
              registry.reference("private/runner:1"));
      assertUnreadable(
          r,
          registry.reference("private/runner:1"),
          "unauthorized: credentials from "
              + dir.resolve("config.json")
              + " were rejected by the token service 127.0.0.1:"
              + issuer.port());
      assertNoSecrets(r, WRONG_PW);
    }
  }

  @Test
  void anonymousAccessToAPrivateRepositoryIsRefused() {
    Path dir = config("{}");
    assertUnreadable(
        lint(
            tmp,
            Map.of(),
            "--docker-config",
            dir.toString(),
            registry.reference("private/runner:1")),
        registry.reference("private/runner:1"),
        "unauthorized: no credentials for "
            + host
            + " in "
            + dir.resolve("config.json")
            + " (anonymous access refused)");
  }

  @Test
  void credentialsForOneRepositoryDoNotReadAnother() {
    Path dir = config(auths(host, "bob", BOB_PW));
    assertThat(
            lint(
                    tmp,
                    Map.of(),
                    "--docker-config",
                    dir.toString(),
                    registry.reference("bob/runner:1"))
                .code())
        .isZero();
    RegistryCli.Run r =
        lint(
            tmp,
            Map.of(),
            "--debug",
            "--docker-config",
            dir.toString(),
            registry.reference("private/runner:1"));
    assertUnreadable(
        r,
        registry.reference("private/runner:1"),
        "unauthorized: credentials from "
            + dir.resolve("config.json")
            + " do not grant pull access to "
            + host
            + "/private/runner");
    assertNoSecrets(r, BOB_PW);
  }

  // ------------------------------------------------------------------ credential helpers

  /** A helper that gives alice's credentials for the registry and records what it was asked. */
  private Path aliceHelper(String name) {
    return script(
        tmp.resolve("bin"),
        "docker-credential-" + name,
        "read url\n"
            + "printf '%s' \"$url\" > \""
            + tmp.resolve("asked")
            + "\"\n"
            + "if [ \"$1\" = get ] && [ \"$url\" = \""
            + host
            + "\" ]; then\n"
            + "  printf '{\"ServerURL\":\"%s\",\"Username\":\"alice\",\"Secret\":\"%s\"}' \"$url\" '"
            + ALICE_PW
            + "'\n"
            + "else\n  echo 'credentials not found in native keychain'; exit 1\nfi\n");
  }

  @Test
  void credHelpersRunTheHelperFromThePathOfTheEnvironment() throws Exception {
    aliceHelper("fixture");
    Path dir = config("{\"credHelpers\":{\"" + host + "\":\"fixture\"}}");
    RegistryCli.Run r =
        lint(
            tmp,
            vars("PATH", tmp.resolve("bin").toString()),
            "--debug",
            "--docker-config",
            dir.toString(),
            registry.reference("private/runner:1"));
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(Files.readString(tmp.resolve("asked"))).isEqualTo(host);
    assertNoSecrets(r, ALICE_PW);
  }

  @Test
  void credsStoreIsUsedForEveryRegistry() {
    aliceHelper("store");
    Path dir = config("{\"credsStore\":\"store\",\"auths\":{\"" + host + "\":{}}}");
    RegistryCli.Run r =
        lint(
            tmp,
            vars("PATH", tmp.resolve("bin").toString()),
            "--debug",
            "--docker-config",
            dir.toString(),
            registry.reference("private/runner:1"));
    assertThat(r.code()).as("%s", r).isZero();
    assertNoSecrets(r, ALICE_PW);
  }

  @Test
  void aMissingHelperIsNamed() {
    Path dir = config("{\"credsStore\":\"desktop\"}");
    assertUnreadable(
        lint(
            tmp,
            vars("PATH", tmp.resolve("empty-bin").toString()),
            "--docker-config",
            dir.toString(),
            registry.reference("private/runner:1")),
        registry.reference("private/runner:1"),
        "docker-credential-desktop not found on PATH (credsStore in "
            + dir.resolve("config.json")
            + ")");
  }

  @Test
  void aFailingHelperShowsTheFirstLineOfItsStderr() {
    script(
        tmp.resolve("bin"),
        "docker-credential-locked",
        "read url\necho 'error: the keyring is locked' >&2\necho 'second line' >&2\nexit 4\n");
    Path dir = config("{\"credHelpers\":{\"" + host + "\":\"locked\"}}");
    String line =
        assertUnreadable(
            lint(
                tmp,
                vars("PATH", tmp.resolve("bin").toString()),
                "--docker-config",
                dir.toString(),
                registry.reference("private/runner:1")),
            registry.reference("private/runner:1"),
            "credential helper docker-credential-locked (credHelpers in "
                + dir.resolve("config.json")
                + ") failed (exit 4): error: the keyring is locked");
    assertThat(line).doesNotContain("second line");
  }

  @Test
  void anInvalidConfigJsonSaysSoWithTheFile() {
    Path dir = config("{\"auths\": {\"" + host + "\": {\"auth\": \"" + ALICE_PW);
    RegistryCli.Run r =
        lint(
            tmp,
            Map.of(),
            "--debug",
            "--docker-config",
            dir.toString(),
            registry.reference("private/runner:1"));
    assertUnreadable(
        r,
        registry.reference("private/runner:1"),
        "invalid " + dir.resolve("config.json") + ": not valid JSON at line 1");
    assertNoSecrets(r, ALICE_PW);
  }

  // ------------------------------------------------------------------ podman / skopeo auth files

  private Path authJson(Path file, String key, String user, String password) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, auths(key, user, password));
    return file;
  }

  @Test
  void podmanAuthFilesAreReadAfterDockersConfig() throws Exception {
    Path empty = config("{}");
    String ref = registry.reference("private/runner:1");
    // $XDG_RUNTIME_DIR/containers/auth.json, with a key naming the namespace
    Path runtime = tmp.resolve("run");
    authJson(runtime.resolve("containers/auth.json"), host + "/private", "alice", ALICE_PW);
    RegistryCli.Run r =
        lint(
            tmp,
            vars("XDG_RUNTIME_DIR", runtime.toString()),
            "--debug",
            "--docker-config",
            empty.toString(),
            ref);
    assertThat(r.code()).as("%s", r).isZero();
    assertNoSecrets(r, ALICE_PW);

    // $REGISTRY_AUTH_FILE instead of it
    Path file = authJson(tmp.resolve("auth/registry-auth.json"), host, "alice", ALICE_PW);
    assertThat(
            lint(
                    tmp,
                    vars(
                        "REGISTRY_AUTH_FILE",
                        file.toString(),
                        "XDG_RUNTIME_DIR",
                        tmp.resolve("none").toString()),
                    "--docker-config",
                    empty.toString(),
                    ref)
                .code())
        .isZero();

    // Docker's config comes first: bob's entry there wins over alice's in auth.json
    Path bobs = dockerConfig(tmp.resolve("bob-docker"), auths(host, "bob", BOB_PW));
    assertUnreadable(
        lint(
            tmp,
            vars("REGISTRY_AUTH_FILE", file.toString()),
            "--docker-config",
            bobs.toString(),
            ref),
        ref,
        "credentials from " + bobs.resolve("config.json") + " do not grant pull access");
  }

  @Test
  void authfileIsReadBeforeDockersConfigAsInSkopeo() throws Exception {
    Path bobs = dockerConfig(tmp.resolve("bob-docker"), auths(host, "bob", BOB_PW));
    Path file = authJson(tmp.resolve("alice-auth.json"), host, "alice", ALICE_PW);
    RegistryCli.Run r =
        lint(
            tmp,
            Map.of(),
            "--debug",
            "--authfile",
            file.toString(),
            "--docker-config",
            bobs.toString(),
            registry.reference("private/runner:1"));
    assertThat(r.code()).as("%s", r).isZero();
    assertNoSecrets(r, ALICE_PW, BOB_PW);

    Files.writeString(file, "not json");
    assertUnreadable(
        lint(
            tmp,
            Map.of(),
            "--authfile",
            file.toString(),
            "--docker-config",
            bobs.toString(),
            registry.reference("private/runner:1")),
        registry.reference("private/runner:1"),
        "invalid " + file + ": not valid JSON");
  }
}
