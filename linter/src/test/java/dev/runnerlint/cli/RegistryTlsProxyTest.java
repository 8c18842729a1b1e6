package dev.runnerlint.cli;

import static dev.runnerlint.cli.RegistryCli.assertNoSecrets;
import static dev.runnerlint.cli.RegistryCli.assertUnreadable;
import static dev.runnerlint.cli.RegistryCli.dockerConfig;
import static dev.runnerlint.cli.RegistryCli.lint;
import static dev.runnerlint.cli.RegistryCli.vars;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.ForwardProxy;
import dev.runnerlint.fixtures.LocalRegistry;
import dev.runnerlint.fixtures.SampleImages;
import dev.runnerlint.fixtures.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with a private CA and proxies, against the real registry serving TLS on 127.0.0.1 under the
 * name {@code registry.test} (mapped by the surefire configuration's {@code jdk.net.hosts.file}; a
 * name, unlike 127.0.0.1, is not a loopback registry, so TLS is verified). The {@code certs.d}
 * roots are moved under the test's directory with {@code RUNNERLINT_CERTS_D}.
 */
class RegistryTlsProxyTest {

  private static final String PROXY_PW = "proxy-S3cret-pw";

  @TempDir static Path shared;
  @TempDir Path tmp;

  private static TestPki pki;
  private static LocalRegistry registry;
  private static String name;
  private static String ref;
  private ForwardProxy proxy;

  @BeforeAll
  static void start() {
    pki = TestPki.create("runnerlint test CA");
    registry = LocalRegistry.startWithTls(pki.server("registry.test", "127.0.0.1"));
    FixtureWriter.push(registry, "tls/runner:1", SampleImages.runnerOk("linux/amd64"));
    name = "registry.test:" + registry.port();
    ref = name + "/tls/runner:1";
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @AfterEach
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  /** The environment with certs.d roots under tmp (Docker's first, then podman's). */
  private Map<String, String> env(String... more) {
    Map<String, String> env = new HashMap<>(vars(more));
    env.put(
        "RUNNERLINT_CERTS_D",
        tmp.resolve("docker-certs.d") + ":" + tmp.resolve("containers-certs.d"));
    return env;
  }

  private RegistryCli.Run run(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--docker-config";
    all[1] = dockerConfig(tmp.resolve("docker"), "{}").toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return lint(tmp, env, all);
  }

  @Test
  void anUntrustedCertificateNamesTheHostAndWhereToPutTheCa() {
    assertUnreadable(
        run(env(), ref),
        ref,
        "TLS verification failed for " + name + ": its certificate is not trusted",
        "put the CA in "
            + tmp.resolve("docker-certs.d").resolve(name)
            + "/ca.crt or pass --cert-dir DIR");
  }

  @Test
  void aCaInDockersCertsDIsTrusted() {
    pki.writeCa(tmp.resolve("docker-certs.d").resolve(name).resolve("ca.crt"));
    RegistryCli.Run r = run(env(), ref);
    assertThat(r.code()).as("%s", r).isZero();
  }

  @Test
  void anyCrtInPodmansCertsDIsTrusted() {
    pki.writeCa(tmp.resolve("containers-certs.d").resolve(name).resolve("corp-root.crt"));
    RegistryCli.Run r = run(env(), ref);
    assertThat(r.code()).as("%s", r).isZero();
  }

  @Test
  void certDirReplacesCertsD() throws Exception {
    pki.writeCa(tmp.resolve("certs").resolve("ca.crt"));
    RegistryCli.Run r = run(env(), "--cert-dir", tmp.resolve("certs").toString(), ref);
    assertThat(r.code()).as("%s", r).isZero();

    pki.writeCa(tmp.resolve("docker-certs.d").resolve(name).resolve("ca.crt"));
    Files.createDirectories(tmp.resolve("empty"));
    assertUnreadable(
        run(env(), "--cert-dir", tmp.resolve("empty").toString(), ref),
        ref,
        "its certificate is not trusted",
        "put the CA in " + tmp.resolve("empty") + "/*.crt");
  }

  @Test
  void aCertificateForAnotherNameIsRefused() {
    String wrong = "wrong.test:" + registry.port();
    pki.writeCa(tmp.resolve("docker-certs.d").resolve(wrong).resolve("ca.crt"));
    assertUnreadable(
        run(env(), wrong + "/tls/runner:1"),
        wrong + "/tls/runner:1",
        "TLS verification failed for " + wrong + ": its certificate does not name the host");
  }

  @Test
  void anExpiredCertificateSaysSo() {
    try (LocalRegistry expired =
        LocalRegistry.startWithTls(pki.expiredServer("registry.test", "127.0.0.1"))) {
      String host = "registry.test:" + expired.port();
      pki.writeCa(tmp.resolve("docker-certs.d").resolve(host).resolve("ca.crt"));
      assertUnreadable(
          run(env(), host + "/tls/runner:1"),
          host + "/tls/runner:1",
          "TLS verification failed for " + host + ": its certificate has expired");
    }
  }

  @Test
  void aLoopbackRegistrySpeakingTlsIsReadWithoutVerification() {
    String loopback = registry.hostPort() + "/tls/runner:1";
    RegistryCli.Run r = run(env(), "--debug", loopback);
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.debugLines()).anyMatch(l -> l.contains("speaks TLS; using https"));
  }

  @Test
  void insecureRegistrySkipsVerification() {
    RegistryCli.Run r = run(env(), "--insecure-registry", name, ref);
    assertThat(r.code()).as("%s", r).isZero();
  }

  // ------------------------------------------------------------------ proxies

  @Test
  void httpsProxyTunnelsWithItsCredentialsAndNeverPrintsThem() {
    pki.writeCa(tmp.resolve("docker-certs.d").resolve(name).resolve("ca.crt"));
    proxy = ForwardProxy.start("proxyuser", PROXY_PW);
    for (String variable : new String[] {"HTTPS_PROXY", "https_proxy"}) {
      int before = proxy.requests().size();
      RegistryCli.Run r =
          run(
              env(variable, "http://proxyuser:" + PROXY_PW + "@127.0.0.1:" + proxy.port()),
              "--debug",
              ref);
      assertThat(r.code()).as("%s", r).isZero();
      assertThat(proxy.requests().subList(before, proxy.requests().size()))
          .isNotEmpty()
          .anySatisfy(
              q -> {
                assertThat(q.method()).isEqualTo("CONNECT");
                assertThat(q.target()).isEqualTo(name);
                assertThat(q.authenticated()).isTrue();
              });
      assertNoSecrets(r, PROXY_PW);
    }
  }

  /**
   * The CLI in a JVM of its own, as {@code ./runnerlint} runs it: it turns on Basic proxy auth for
   * tunnels itself (the test JVM gets it from the surefire configuration), and reads the real
   * process environment.
   */
  @Test
  void aFreshCliProcessAuthenticatesToTheProxy() throws Exception {
    pki.writeCa(tmp.resolve("docker-certs.d").resolve(name).resolve("ca.crt"));
    proxy = ForwardProxy.start("proxyuser", PROXY_PW);
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file"),
            "-cp",
            System.getProperty("java.class.path"),
            "dev.runnerlint.cli.Main",
            "--debug",
            "lint",
            "--docker-config",
            dockerConfig(tmp.resolve("docker"), "{}").toString(),
            ref);
    pb.environment()
        .putAll(env("HTTPS_PROXY", "http://proxyuser:" + PROXY_PW + "@127.0.0.1:" + proxy.port()));
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("cli.log").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(tmp.resolve("cli.log"));
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(proxy.requests()).anyMatch(q -> q.method().equals("CONNECT") && q.authenticated());
    assertThat(log).doesNotContain(PROXY_PW);
  }

  @Test
  void aProxyRefusingTheCredentialsIsNamedWithoutThem() {
    pki.writeCa(tmp.resolve("docker-certs.d").resolve(name).resolve("ca.crt"));
    proxy = ForwardProxy.start("proxyuser", "the-right-one");
    RegistryCli.Run r =
        run(
            env("HTTPS_PROXY", "http://proxyuser:" + PROXY_PW + "@127.0.0.1:" + proxy.port()),
            "--debug",
            ref);
    assertUnreadable(
        r, ref, "the proxy 127.0.0.1:" + proxy.port() + " refused to tunnel to " + name, "407");
    assertNoSecrets(r, PROXY_PW);
  }

  @Test
  void noProxyAndLoopbackRegistriesGoDirect() {
    pki.writeCa(tmp.resolve("docker-certs.d").resolve(name).resolve("ca.crt"));
    proxy = ForwardProxy.start();
    String url = "http://127.0.0.1:" + proxy.port();
    RegistryCli.Run r = run(env("HTTPS_PROXY", url, "NO_PROXY", "example.org,.test"), ref);
    assertThat(r.code()).as("%s", r).isZero();

    String loopback = LocalRegistry.shared().reference("net/loopback:1");
    FixtureWriter.push(
        LocalRegistry.shared(), "net/loopback:1", SampleImages.runnerOk("linux/amd64"));
    r = run(env("HTTPS_PROXY", url, "HTTP_PROXY", url), loopback);
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(proxy.requests()).isEmpty();
  }

  @Test
  void httpProxyCarriesPlainHttpToAnInsecureRegistry() {
    FixtureWriter.push(LocalRegistry.shared(), "net/plain:1", SampleImages.runnerOk("linux/amd64"));
    String plain = "registry.test:" + LocalRegistry.shared().port();
    proxy = ForwardProxy.start("proxyuser", PROXY_PW);
    RegistryCli.Run r =
        run(
            env("http_proxy", "http://proxyuser:" + PROXY_PW + "@127.0.0.1:" + proxy.port()),
            "--debug",
            "--insecure-registry",
            plain,
            plain + "/net/plain:1");
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(proxy.requests())
        .isNotEmpty()
        .allSatisfy(
            q -> {
              assertThat(q.method()).isEqualTo("GET");
              assertThat(q.target()).startsWith("http://" + plain + "/v2/");
              assertThat(q.authenticated()).isTrue();
            });
    assertNoSecrets(r, PROXY_PW);
  }
}
