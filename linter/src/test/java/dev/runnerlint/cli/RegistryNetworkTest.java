package dev.runnerlint.cli;

import static dev.runnerlint.cli.RegistryCli.assertNoSecrets;
import static dev.runnerlint.cli.RegistryCli.assertUnreadable;
import static dev.runnerlint.cli.RegistryCli.auths;
import static dev.runnerlint.cli.RegistryCli.dockerConfig;
import static dev.runnerlint.cli.RegistryCli.lint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.fixtures.FaultProxy;
import dev.runnerlint.fixtures.FaultProxy.IgnoreRange;
import dev.runnerlint.fixtures.FaultProxy.RedirectTo;
import dev.runnerlint.fixtures.FaultProxy.ResetAfter;
import dev.runnerlint.fixtures.FaultProxy.Stall;
import dev.runnerlint.fixtures.FaultProxy.Status;
import dev.runnerlint.fixtures.FaultProxy.TruncateAfter;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.LocalRegistry;
import dev.runnerlint.fixtures.SampleImages;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.pipeline.ImageReader;
import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.reference.PlatformSelector;
import dev.runnerlint.source.ImageSource;
import dev.runnerlint.source.ImageSources;
import dev.runnerlint.source.SourceOptions;
import dev.runnerlint.source.registry.HttpTransport;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network behaviour against the real registry behind a fault-injecting proxy: retries (503, 429
 * with Retry-After, 500 forever), never retrying 401/403/404, blobs broken off mid-stream (reset,
 * truncated with a correct Content-Length, a registry ignoring Range), a stall and {@code
 * --timeout}, redirects to another loopback host without Authorization, bounded redirect chains,
 * and failing fast on a refused connection or an unknown host.
 */
class RegistryNetworkTest {

  private static final FixtureImage IMAGE = SampleImages.runnerOk("linux/amd64");
  private static String layer;

  @TempDir Path tmp;
  private FaultProxy proxy;

  @BeforeAll
  static void push() {
    FixtureWriter.push(LocalRegistry.shared(), "net/runner:1", IMAGE);
    // the largest layer, so "half a blob" is many bytes
    layer =
        IMAGE.layers().stream()
            .max((a, b) -> Integer.compare(a.blob().length, b.blob().length))
            .orElseThrow()
            .digest();
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private String viaProxy() {
    proxy = FaultProxy.start(LocalRegistry.shared().url());
    return proxy.hostPort() + "/net/runner:1";
  }

  private RegistryCli.Run run(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "--debug";
    all[1] = "--docker-config";
    all[2] = dockerConfig(tmp.resolve("docker"), "{}").toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return lint(tmp, Map.of(), all);
  }

  private static List<String> retries(RegistryCli.Run r) {
    return r.debugLines().stream().filter(l -> l.contains("; retry ")).toList();
  }

  @Test
  void a503TwiceThenSuccessIsRetried() {
    String ref = viaProxy();
    proxy.on(FaultProxy.manifests(), new Status(503, Map.of()), 2);
    RegistryCli.Run r = run(ref);
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(proxy.requests(FaultProxy.manifests())).hasSize(3);
    assertThat(retries(r))
        .hasSize(2)
        .allMatch(l -> l.contains("/manifests/1 answered HTTP 503"))
        .anyMatch(l -> l.contains("retry 1/3"))
        .anyMatch(l -> l.contains("retry 2/3"));
  }

  @Test
  void a429IsRetriedAfterWhatRetryAfterSays() {
    String ref = viaProxy();
    proxy.on(FaultProxy.blob(layer), new Status(429, Map.of("Retry-After", "1")), 1);
    RegistryCli.Run r = run(ref);
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(retries(r))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l).contains("answered HTTP 429 (Retry-After: 1); retry 1/3 in 1000 ms"));
  }

  @Test
  void aRetryAfterLongerThanWeWaitFailsAtOnce() {
    String ref = viaProxy();
    proxy.on(FaultProxy.manifests(), new Status(429, Map.of("Retry-After", "3600")), -1);
    assertUnreadable(run(ref), ref, "is rate-limiting (HTTP 429) and asks to retry after 3600 s");
    assertThat(proxy.requests(FaultProxy.manifests())).hasSize(1);
  }

  @Test
  void a500ForeverFailsAfterFourAttempts() {
    String ref = viaProxy();
    proxy.on(FaultProxy.manifests(), new Status(500, Map.of()), -1);
    RegistryCli.Run r = run(ref);
    assertUnreadable(r, ref, "answered HTTP 500 for manifest 1 (4 attempts)");
    assertThat(proxy.requests(FaultProxy.manifests())).hasSize(4);
    assertThat(retries(r)).hasSize(3);
  }

  @Test
  void notFoundAndForbiddenAreNeverRetried() {
    String ref = viaProxy();
    String missing = proxy.hostPort() + "/net/runner:nope";
    assertUnreadable(run(missing), missing, "manifest unknown: tag 'nope' not found");
    assertThat(proxy.requests(FaultProxy.manifests())).hasSize(1);

    proxy.on(FaultProxy.blob(layer), new Status(403, Map.of()), -1);
    RegistryCli.Run r = run(ref);
    assertUnreadable(r, ref, "unauthorized");
    assertThat(proxy.requests(FaultProxy.blob(layer))).hasSize(1);
    assertThat(retries(r)).isEmpty();
  }

  @Test
  void aBlobResetHalfwayIsResumedWithRange() {
    String ref = viaProxy();
    proxy.on(FaultProxy.blob(layer), new ResetAfter(0.5), 1);
    RegistryCli.Run r = run(ref);
    assertThat(r.code()).as("%s", r).isZero();
    List<FaultProxy.Request> gets = proxy.requests(FaultProxy.blob(layer));
    assertThat(gets).hasSize(2);
    assertThat(gets.get(0).has("range")).isFalse();
    assertThat(gets.get(1).headers().get("range")).matches("bytes=[1-9][0-9]*-");
    assertThat(r.debugLines()).anyMatch(l -> l.contains("blob " + layer + ": resumed at byte"));
  }

  @Test
  void aTruncatedBodyWithACorrectContentLengthIsFetchedOn() {
    String ref = viaProxy();
    proxy.on(FaultProxy.blob(layer), new TruncateAfter(0.5), 1);
    RegistryCli.Run r = run(ref);
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.debugLines()).anyMatch(l -> l.contains("truncated body"));
  }

  @Test
  void aRegistryIgnoringRangeIsReadAgainFromTheStartWithoutRepeatingBytes() {
    String ref = viaProxy();
    proxy.on(FaultProxy.blob(layer), new TruncateAfter(0.5), 1);
    proxy.on(FaultProxy.blob(layer), new IgnoreRange(), -1);
    RegistryCli.Run r = run(ref);
    // the digest of what the reader saw verifies: no byte was delivered twice or skipped
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.debugLines()).anyMatch(l -> l.contains("the registry ignored Range"));
  }

  @Test
  void aBlobTruncatedEveryTimeFailsClosed() {
    String ref = viaProxy();
    proxy.on(FaultProxy.blob(layer), new TruncateAfter(0.5), -1);
    RegistryCli.Run r = run(ref);
    assertUnreadable(r, ref, "blob " + layer, "truncated body", "(4 attempts)");
    assertThat(r.reports()).doesNotContain("\"status\": \"passed\"");
  }

  @Test
  void aStallIsBoundedByTimeout() {
    String ref = viaProxy();
    proxy.on(FaultProxy.blob(layer), new Stall(), -1);
    RegistryCli.Run r = run("--timeout", "4s", ref);
    // normally the stalled layer is named; on a slow machine the limit may expire a little earlier
    assertUnreadable(r, ref, "timed out: --timeout 4s expired while reading ", " from 127.0.0.1:");
  }

  @Test
  void aStallLongerThanTheIdleTimeoutIsRetried() throws Exception {
    String ref = viaProxy();
    proxy.on(FaultProxy.blob(layer), new Stall(), 1);
    List<String> debug = new java.util.concurrent.CopyOnWriteArrayList<>();
    SourceOptions options =
        SourceOptions.defaults(Map.of())
            .withDockerConfigDir(tmp)
            .withHttp(
                HttpTransport.Settings.defaults()
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1)))
            .withDebug(debug::add);
    try (ImageSource source = ImageSources.open(ImageReference.parse(ref), options)) {
      for (PlatformImage image : source.resolve(PlatformSelector.ALL)) {
        assertThat(new ImageReader().read(source, image).tree()).isNotNull();
      }
    }
    assertThat(proxy.requests(FaultProxy.blob(layer))).hasSizeGreaterThanOrEqualTo(2);
    assertThat(debug)
        .anyMatch(
            l -> l.contains("no data for the read timeout (stalled)") && l.contains("retry 1/3"));
  }

  @Test
  void aBlobRedirectedToAnotherHostGetsNoAuthorization() throws Exception {
    try (LocalRegistry auth = LocalRegistry.startWithBasicAuth("alice", "alice-pw-1");
        FaultProxy cdn =
            FaultProxy.start("127.0.0.2", auth.url())
                .upstreamAuthorization(
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString("alice:alice-pw-1".getBytes(StandardCharsets.UTF_8)))) {
      FixtureWriter.push(auth, "cdn/runner:1", IMAGE);
      proxy = FaultProxy.start(auth.url());
      proxy.on(FaultProxy.blobs(), new RedirectTo(cdn.url()), -1);
      String ref = proxy.hostPort() + "/cdn/runner:1";
      Path config =
          dockerConfig(tmp.resolve("alice"), auths(proxy.hostPort(), "alice", "alice-pw-1"));
      RegistryCli.Run r = lint(tmp, Map.of(), "--debug", "--docker-config", config.toString(), ref);
      assertThat(r.code()).as("%s", r).isZero();
      assertThat(proxy.requests(FaultProxy.blobs()))
          .isNotEmpty()
          .allMatch(q -> q.has("authorization"));
      assertThat(cdn.requests(FaultProxy.blobs()))
          .hasSize(IMAGE.layers().size() + 1)
          .noneMatch(q -> q.has("authorization"));
      assertThat(r.debugLines()).anyMatch(l -> l.contains("another host, Authorization not sent"));
      assertNoSecrets(r, "alice-pw-1");
    }
  }

  @Test
  void redirectChainsAreBounded() {
    String ref = viaProxy();
    proxy.on(FaultProxy.blobs(), new RedirectTo(proxy.url()), -1);
    assertUnreadable(run(ref), ref, "too many redirects for blob sha256:", "(more than 5");
  }

  @Test
  void aTimeoutThatIsNotADurationIsAUsageError() {
    RegistryCli.Run r = run("--timeout", "5x", LocalRegistry.shared().reference("net/runner:1"));
    assertThat(r.code()).as("%s", r).isEqualTo(2);
    assertThat(r.errorLines())
        .containsExactly(
            "runnerlint: --timeout: invalid duration '5x': expected e.g. 90s, 5m, 1h or 1500ms");
  }

  @Test
  void aRefusedConnectionFailsAtOnceWithoutRetries() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String ref = "127.0.0.1:" + port + "/acme/runner:1";
    RegistryCli.Run r = run(ref);
    assertUnreadable(r, ref, "cannot connect to 127.0.0.1:" + port + ": connection refused");
    assertThat(retries(r)).isEmpty();
  }

  @Test
  void anUnknownHostFailsAtOnceWithoutRetries() {
    String ref = "unknown.test:5000/acme/runner:1";
    RegistryCli.Run r = run(ref);
    assertUnreadable(r, ref, "unknown host unknown.test");
    assertThat(retries(r)).isEmpty();
  }
}
