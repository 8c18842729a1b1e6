package dev.runnerlint.source.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnerlint.io.JsonTrees;
import dev.runnerlint.source.registry.RegistryException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Distribution (OCI) pull protocol for one repository: the {@code /v2/} ping, auth (anonymous,
 * Basic, or Bearer tokens from the realm the registry names, as Distribution's token spec
 * describes; a token is requested for {@code repository:NAME:pull} only), manifests and blobs.
 * Blobs broken off mid-stream are fetched on from where they broke ({@code Range}), or again from
 * the start when the registry ignores {@code Range}: the caller sees each byte once, and verifies
 * the digest of exactly the bytes it saw.
 *
 * <p>Written here instead of using Jib's {@code RegistryClient} because Jib's has no retries, no
 * per-instance timeouts, proxies or CAs, sends requests through its own transport (so the token
 * exchange would bypass those), and gives blobs push-style only.
 */
public final class RegistryClient implements AutoCloseable {

  private final String registry;
  private final String apiHost;
  private final String repository;
  private final boolean loopback;
  private final boolean insecure;
  private final HttpTransport http;
  private final CredentialStore store;
  private String scheme;
  private boolean pinged;
  private Optional<Credential> credential;
  private Challenge challenge;
  private volatile String authorization;

  /**
   * @param registry the registry as the user named it (host[:port], {@code docker.io})
   * @param apiHost where its API is ({@code registry-1.docker.io} for Docker Hub)
   * @param repository the repository path, e.g. {@code acme/runner}
   * @param loopback plain HTTP first (a loopback registry)
   * @param insecure unverified TLS, or plain HTTP if TLS fails ({@code --insecure-registry})
   */
  public RegistryClient(
      String registry,
      String apiHost,
      String repository,
      boolean loopback,
      boolean insecure,
      HttpTransport http,
      CredentialStore store) {
    this.registry = registry;
    this.apiHost = apiHost;
    this.repository = repository;
    this.loopback = loopback;
    this.insecure = insecure || loopback;
    this.http = http;
    this.store = store;
    this.scheme = loopback ? "http" : "https";
  }

  /** The manifest bytes as received, its Content-Type and Docker-Content-Digest header. */
  public record Manifest(byte[] bytes, String contentType, Optional<String> digestHeader) {}

  private String repo() {
    return registry + "/" + repository;
  }

  private URI uri(String path) {
    return URI.create(scheme + "://" + apiHost + path);
  }

  // ------------------------------------------------------------------ auth

  private synchronized Optional<Credential> credential() throws RegistryException {
    if (credential == null) {
      credential = store.lookup(registry, repository);
    }
    return credential;
  }

  /** GET /v2/: which auth the registry wants, and over which scheme (for insecure registries). */
  private synchronized void ping() throws RegistryException {
    if (pinged) {
      return;
    }
    HttpTransport.Response r;
    try {
      r = http.get(uri("/v2/"), Map.of(), "/v2/");
    } catch (RegistryException e) {
      if (insecure && !loopback && scheme.equals("https") && e.reason() == Reason.TLS) {
        http.debug("https to " + apiHost + " failed (" + e.getMessage() + "); trying plain http");
        scheme = "http";
        r = http.get(uri("/v2/"), Map.of(), "/v2/");
      } else {
        throw e;
      }
    }
    try (HttpTransport.Response answer = r) {
      if (loopback && answer.status() == 400 && answer.text(512).contains("HTTPS server")) {
        http.debug(apiHost + " speaks TLS; using https (certificate not verified: loopback)");
        scheme = "https";
        pinged = false;
        ping();
        return;
      }
      if (answer.status() == 401) {
        List<Challenge> challenges = Challenge.parse(answer.headers("WWW-Authenticate"));
        challenge =
            challenges.stream()
                .filter(c -> c.scheme().equals("bearer"))
                .findFirst()
                .orElse(
                    challenges.stream()
                        .filter(c -> c.scheme().equals("basic"))
                        .findFirst()
                        .orElse(null));
        if (challenge == null) {
          throw new RegistryException(
              Reason.PROTOCOL,
              apiHost + " asks for authentication (HTTP 401) without a Bearer or Basic challenge",
              401,
              null);
        }
      } else if (answer.status() != 200) {
        throw statusFailure(answer, "/v2/ (the registry API)");
      }
      pinged = true;
    }
    authorize(null);
  }

  /** Sets {@link #authorization} for {@link #challenge}; a bearer token for our scope. */
  private synchronized void authorize(Challenge fresh) throws RegistryException {
    Challenge c = fresh != null ? fresh : challenge;
    if (c == null) {
      authorization = null;
      return;
    }
    Optional<Credential> cred = credential();
    if (c.scheme().equals("basic")) {
      authorization =
          cred.filter(x -> !x.isIdentityToken())
              .map(
                  x ->
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString(
                                  (x.username() + ":" + x.secret())
                                      .getBytes(StandardCharsets.UTF_8)))
              .orElse(null);
      return;
    }
    authorization = "Bearer " + token(c, cred);
  }

  private String token(Challenge c, Optional<Credential> cred) throws RegistryException {
    String realm =
        c.param("realm")
            .orElseThrow(
                () ->
                    new RegistryException(
                        Reason.PROTOCOL, apiHost + " sent a Bearer challenge without a realm"));
    URI realmUri;
    try {
      realmUri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(Reason.PROTOCOL, apiHost + " named an invalid token realm", e);
    }
    if (realmUri.getHost() == null
        || !("https".equalsIgnoreCase(realmUri.getScheme())
            || "http".equalsIgnoreCase(realmUri.getScheme()))) {
      throw new RegistryException(Reason.PROTOCOL, apiHost + " named an invalid token realm");
    }
    String realmHost = HttpTransport.authority(realmUri);
    if (cred.isPresent()
        && "http".equalsIgnoreCase(realmUri.getScheme())
        && !HttpTransport.isLoopbackName(realmUri.getHost())
        && !insecure) {
      throw new RegistryException(
          Reason.UNAUTHORIZED,
          "refusing to send the credentials from "
              + cred.get().source()
              + " to the token service "
              + realmHost
              + " over plain HTTP");
    }
    String scope = "repository:" + repository + ":pull";
    StringBuilder q = new StringBuilder();
    c.param("service").ifPresent(s -> q.append("service=").append(enc(s)).append('&'));
    q.append("scope=").append(enc(scope));
    Map<String, String> headers = new LinkedHashMap<>();
    HttpTransport.Response r;
    String what = "a token for " + scope;
    if (cred.isPresent() && cred.get().isIdentityToken()) {
      String form =
          q
              + "&grant_type=refresh_token&client_id=runnerlint&refresh_token="
              + enc(cred.get().secret());
      r = http.send("POST", realmUri, headers, form.getBytes(StandardCharsets.UTF_8), what);
    } else {
      if (cred.isPresent()) {
        q.append("&account=").append(enc(cred.get().username()));
        headers.put(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (cred.get().username() + ":" + cred.get().secret())
                            .getBytes(StandardCharsets.UTF_8)));
      }
      String sep = realm.contains("?") ? "&" : "?";
      r = http.get(URI.create(realm + sep + q), headers, what);
    }
    try (r) {
      if (r.status() == 401 || r.status() == 403) {
        throw new RegistryException(
            Reason.UNAUTHORIZED,
            cred.isPresent()
                ? "unauthorized: credentials from "
                    + cred.get().source()
                    + " were rejected by the token service "
                    + realmHost
                : "unauthorized: the token service "
                    + realmHost
                    + " refused anonymous access to "
                    + repo()
                    + "; no credentials for "
                    + registry
                    + " in "
                    + store.searched(),
            r.status(),
            null);
      }
      if (r.status() != 200) {
        throw statusFailure(r, what + " from " + realmHost);
      }
      JsonNode json;
      try {
        json = JsonTrees.read(r.body().readNBytes(1 << 20));
      } catch (IOException e) {
        throw new RegistryException(
            Reason.PROTOCOL, "the token service " + realmHost + " sent no valid JSON", e);
      }
      String token = json.path("token").asText("");
      if (token.isEmpty()) {
        token = json.path("access_token").asText("");
      }
      if (token.isEmpty()) {
        throw new RegistryException(
            Reason.PROTOCOL, "the token service " + realmHost + " answered without a token");
      }
      http.debug("got a token for " + scope + " from " + realmHost);
      return token;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A GET with auth; a 401 to a bearer token gets one fresh token (expired, wider scope). */
  private HttpTransport.Response authorized(String path, Map<String, String> extra, String what)
      throws RegistryException {
    ping();
    for (int round = 0; ; round++) {
      Map<String, String> headers = new LinkedHashMap<>(extra);
      String auth = authorization;
      if (auth != null) {
        headers.put("Authorization", auth);
      }
      HttpTransport.Response r = http.get(uri(path), headers, what);
      if (r.status() != 401
          || round > 0
          || challenge == null
          || !challenge.scheme().equals("bearer")) {
        return r;
      }
      List<Challenge> again = Challenge.parse(r.headers("WWW-Authenticate"));
      r.close();
      Challenge bearer =
          again.stream().filter(c -> c.scheme().equals("bearer")).findFirst().orElse(challenge);
      http.debug("HTTP 401 for " + what + "; asking for a new token");
      authorize(bearer);
    }
  }

  // ------------------------------------------------------------------ errors

  private RegistryException statusFailure(HttpTransport.Response r, String what) {
    int s = r.status();
    String body = r.text(4096);
    r.close();
    if (s == 401 || s == 403) {
      return new RegistryException(Reason.UNAUTHORIZED, refusal(), s, null);
    }
    if (s == 404) {
      return new RegistryException(Reason.NOT_FOUND, notFound(body, what), s, null);
    }
    String attempts = HttpTransport.retryableStatus(s) ? " (" + http.attempts() + " attempts)" : "";
    return new RegistryException(
        Reason.NETWORK,
        HttpTransport.authority(r.uri()) + " answered HTTP " + s + " for " + what + attempts,
        s,
        null);
  }

  private String refusal() {
    Optional<Credential> c = credential == null ? Optional.empty() : credential;
    if (c.isPresent()) {
      return challenge != null && challenge.scheme().equals("bearer")
          ? "unauthorized: credentials from "
              + c.get().source()
              + " do not grant pull access to "
              + repo()
          : "unauthorized: credentials from " + c.get().source() + " were rejected";
    }
    return "unauthorized: no credentials for "
        + registry
        + " in "
        + store.searched()
        + " (anonymous access refused)";
  }

  private String notFound(String body, String what) {
    String code = "";
    try {
      JsonNode errors = JsonTrees.read(body).path("errors");
      code = errors.path(0).path("code").asText("");
    } catch (IOException | RuntimeException e) {
      // not the registry's error JSON
    }
    if (code.equals("NAME_UNKNOWN")) {
      return "name unknown: repository " + repo() + " not found";
    }
    if (what.startsWith("manifest ")) {
      String q = what.substring("manifest ".length());
      return q.contains(":")
          ? "manifest unknown: digest " + q + " not found in " + repo()
          : "manifest unknown: tag '" + q + "' not found in " + repo();
    }
    return what + " not found in " + repo();
  }

  // ------------------------------------------------------------------ manifests and blobs

  /**
   * The manifest (or index) named by a tag or digest.
   *
   * @throws RegistryException when it cannot be read; {@code PROTOCOL} when larger than {@code
   *     maxBytes}
   */
  public Manifest manifest(String qualifier, List<String> accept, int maxBytes)
      throws RegistryException {
    String what = "manifest " + qualifier;
    for (int attempt = 1; ; attempt++) {
      HttpTransport.Response r =
          authorized(
              "/v2/" + repository + "/manifests/" + qualifier,
              Map.of("Accept", String.join(", ", accept)),
              what);
      if (r.status() != 200) {
        throw statusFailure(r, what);
      }
      try (r) {
        byte[] bytes = r.body().readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
          throw new RegistryException(
              Reason.PROTOCOL, what + " is larger than " + (maxBytes >> 20) + " MiB");
        }
        return new Manifest(
            bytes, r.header("Content-Type").orElse(null), r.header("Docker-Content-Digest"));
      } catch (RegistryException e) {
        throw e;
      } catch (IOException e) {
        if (attempt >= http.attempts()) {
          throw new RegistryException(
              Reason.NETWORK,
              "cannot read " + what + " from " + apiHost + ": " + HttpTransport.describe(e),
              e);
        }
        http.debug(what + ": " + HttpTransport.describe(e) + "; fetching it again");
        http.pause(http.backoff(attempt), what, uri("/v2/"));
      }
    }
  }

  /**
   * Opens a blob: its bytes as the registry (or the host it redirects to) sends them, resumed after
   * a break; not verified here (the caller verifies digest and size).
   *
   * @param size the descriptor's size: the stream ends there
   */
  public InputStream blob(String digest, long size) throws RegistryException {
    BlobStream s = new BlobStream(digest, size);
    s.open();
    return s;
  }

  private static long skip(InputStream in, long n) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long done = 0;
    while (done < n) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  /** A blob's bytes over as many requests as it takes; each byte is delivered once. */
  private final class BlobStream extends InputStream {
    private final String digest;
    private final long size;
    private final String what;
    private HttpTransport.Response current;
    private InputStream body;
    private long offset;
    private int breaks;
    private boolean closed;

    BlobStream(String digest, long size) {
      this.digest = digest;
      this.size = size;
      this.what = "blob " + digest;
    }

    void open() throws RegistryException {
      Map<String, String> headers = new LinkedHashMap<>();
      if (offset > 0) {
        headers.put("Range", "bytes=" + offset + "-");
      }
      HttpTransport.Response r =
          authorized("/v2/" + repository + "/blobs/" + digest, headers, what);
      if (offset > 0 && r.status() == 206) {
        String range = r.header("Content-Range").orElse("");
        if (!range.toLowerCase(Locale.ROOT).startsWith("bytes " + offset + "-")) {
          r.close();
          throw new RegistryException(
              Reason.PROTOCOL,
              HttpTransport.authority(r.uri())
                  + " answered a range request for "
                  + what
                  + " from byte "
                  + offset
                  + " with Content-Range '"
                  + range
                  + "'");
        }
        http.debug(what + ": resumed at byte " + offset + " of " + size + " (Range)");
      } else if (r.status() == 200) {
        if (offset > 0) {
          http.debug(
              what
                  + ": the registry ignored Range; reading again from the start and skipping the "
                  + offset
                  + " bytes already read");
          try {
            long skipped = RegistryClient.skip(r.body(), offset);
            if (skipped < offset) {
              throw new IOException("ended after " + skipped + " bytes");
            }
          } catch (IOException e) {
            r.close();
            broke(e);
            open();
            return;
          }
        }
      } else {
        throw statusFailure(r, what);
      }
      current = r;
      body = r.body();
    }

    /** Counts a break; throws when there were too many, else waits before the next request. */
    private void broke(IOException e) throws RegistryException {
      if (e instanceof RegistryException re) {
        throw re;
      }
      http.checkDeadline(what, uri("/v2/"), e);
      breaks++;
      if (breaks >= http.attempts()) {
        throw new RegistryException(
            Reason.NETWORK,
            "cannot read "
                + what
                + " from "
                + apiHost
                + ": "
                + HttpTransport.describe(e)
                + ", at byte "
                + offset
                + " of "
                + size
                + " ("
                + breaks
                + " attempts)",
            e);
      }
      java.time.Duration wait = http.backoff(breaks);
      http.debug(
          what
              + ": "
              + HttpTransport.describe(e)
              + ", at byte "
              + offset
              + " of "
              + size
              + "; retry "
              + breaks
              + "/"
              + (http.attempts() - 1)
              + " in "
              + wait.toMillis()
              + " ms, going on from there");
      http.pause(wait, what, uri("/v2/"));
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException(what + " is closed");
      }
      if (len == 0) {
        return 0;
      }
      while (true) {
        if (body == null) {
          open();
        }
        int n;
        try {
          n = body.read(b, off, len);
        } catch (IOException e) {
          current.close();
          body = null;
          broke(e);
          continue;
        }
        if (n < 0) {
          if (offset < size) {
            current.close();
            body = null;
            broke(new IOException("the body ended after " + offset + " of " + size + " bytes"));
            continue;
          }
          return -1;
        }
        offset += n;
        return n;
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        if (current != null) {
          current.close();
        }
      }
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
