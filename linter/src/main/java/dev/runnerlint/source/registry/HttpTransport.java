package dev.runnerlint.source.registry;

import dev.runnerlint.source.registry.RegistryException.Reason;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The HTTP client under the registry protocol: GETs with bounded connect and idle timeouts, an
 * overall {@link Deadline}, retries with capped exponential backoff and jitter, redirects followed
 * without the {@code Authorization} header when they leave the origin, proxies from the environment
 * and TLS verified against {@link Trust}. Built on {@link HttpURLConnection} because it has a
 * per-read (idle) timeout, a per-connection proxy and socket factory, and can leave redirects to
 * the caller; Jib's client has none of these per instance.
 *
 * <p>Retried: HTTP 429 (honouring {@code Retry-After} up to {@link Settings#maxRetryAfter()}), 500,
 * 502, 503, 504, and a connection reset, closed or stalled before the response was complete. Never
 * retried: any other status (401, 403 and 404 above all), an unknown host, a refused connection, a
 * connect timeout, a TLS failure. Every retry is logged to the debug log.
 */
public final class HttpTransport implements Closeable {

  static {
    // Basic proxy authentication for https tunnels (CONNECT) is off by default in the JDK; proxy
    // credentials come only from the environment the user set, so allow it.
    if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
      System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
    }
  }

  /**
   * Loads the JDK's HTTP client classes after this class's set-up above (which must come first: the
   * JDK reads that property once), by making a connection object that never connects — a head start
   * for a CLI ({@code pipeline.WarmUp}).
   */
  public static void prepare() {
    try {
      new URL("http://127.0.0.1:9/v2/").openConnection(); // nothing is sent before connect()
    } catch (IOException e) {
      // only a head start
    }
  }

  /**
   * Timeouts and retry bounds.
   *
   * @param connectTimeout per connection (TCP and TLS handshake)
   * @param readTimeout per read: how long a response may stall (idle)
   * @param attempts tries per request, the first included
   * @param backoff the first retry's wait; doubled per retry, with jitter
   * @param maxBackoff the cap of one wait
   * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one fails at once
   * @param maxRedirects the longest redirect chain followed
   */
  public record Settings(
      Duration connectTimeout,
      Duration readTimeout,
      int attempts,
      Duration backoff,
      Duration maxBackoff,
      Duration maxRetryAfter,
      int maxRedirects) {

    /** 10 s connect, 30 s idle, 4 attempts, 0.5 s doubling to at most 8 s, Retry-After ≤ 60 s. */
    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          4,
          Duration.ofMillis(500),
          Duration.ofSeconds(8),
          Duration.ofSeconds(60),
          5);
    }

    public Settings withTimeouts(Duration connect, Duration read) {
      return new Settings(
          connect, read, attempts, backoff, maxBackoff, maxRetryAfter, maxRedirects);
    }

    public Settings withBackoff(Duration first, Duration max) {
      return new Settings(
          connectTimeout, readTimeout, attempts, first, max, maxRetryAfter, maxRedirects);
    }
  }

  private final Settings settings;
  private final Proxies proxies;
  private final Trust trust;
  private final Predicate<String> insecure;
  private final Deadline deadline;
  private final Consumer<String> debug;
  private final String userAgent;
  private final Set<HttpURLConnection> active = ConcurrentHashMap.newKeySet();

  /**
   * @param insecure for a host[:port]: accept any TLS certificate (loopback and {@code
   *     --insecure-registry} hosts)
   * @param debug receives one line per retry and redirect; never a credential
   */
  public HttpTransport(
      Settings settings,
      Proxies proxies,
      Trust trust,
      Predicate<String> insecure,
      Deadline deadline,
      Consumer<String> debug,
      String userAgent) {
    this.settings = settings;
    this.proxies = proxies;
    this.trust = trust;
    this.insecure = insecure;
    this.deadline = deadline;
    this.debug = debug;
    this.userAgent = userAgent;
  }

  public Deadline deadline() {
    return deadline;
  }

  void debug(String line) {
    debug.accept(line);
  }

  /** A response whose status the caller handles; close it (or read its body to the end). */
  public static final class Response implements Closeable {
    private final int status;
    private final URI uri;
    private final Map<String, List<String>> headers;
    private final InputStream body;
    private final long contentLength;

    Response(
        int status, URI uri, Map<String, List<String>> headers, InputStream body, long length) {
      this.status = status;
      this.uri = uri;
      this.headers = headers;
      this.body = body;
      this.contentLength = length;
    }

    public int status() {
      return status;
    }

    /** The URI that answered (after redirects). */
    public URI uri() {
      return uri;
    }

    public Optional<String> header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public List<String> headers(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The Content-Length, or -1. */
    public long contentLength() {
      return contentLength;
    }

    /**
     * The body. A body that ends before its Content-Length, or whose connection breaks, throws an
     * {@link IOException} from {@code read}.
     */
    public InputStream body() {
      return body;
    }

    /** Up to {@code limit} bytes of the body as text, for error messages. */
    public String text(int limit) {
      try {
        return new String(body.readNBytes(limit), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }

    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException e) {
        // the connection is dropped anyway
      }
    }
  }

  /**
   * GETs {@code uri}, following redirects and retrying as the class describes. Returns the final
   * response whatever its status (a retryable one after the last attempt); throws for failures
   * without a response.
   *
   * @param what what is being fetched, for messages, e.g. {@code blob sha256:…}
   */
  public Response get(URI uri, Map<String, String> headers, String what) throws RegistryException {
    return send("GET", uri, headers, null, what);
  }

  /** Like {@link #get}, with a method and an optional form body (POST for OAuth2 tokens). */
  public Response send(
      String method, URI uri, Map<String, String> headers, byte[] form, String what)
      throws RegistryException {
    int attempt = 0;
    while (true) {
      attempt++;
      checkDeadline(what, uri, null);
      Response r;
      try {
        r = followingRedirects(method, uri, headers, form, what);
      } catch (RegistryException e) {
        throw e;
      } catch (IOException e) {
        if (deadline.expired()) {
          throw timeout(what, uri, e);
        }
        if (attempt >= settings.attempts()) {
          throw new RegistryException(
              Reason.NETWORK,
              "cannot read "
                  + what
                  + " from "
                  + authority(uri)
                  + ": "
                  + describe(e)
                  + " ("
                  + attempt
                  + " attempts)",
              e);
        }
        Duration wait = backoff(attempt);
        debug(
            method
                + " "
                + show(uri)
                + " failed: "
                + describe(e)
                + "; retry "
                + attempt
                + "/"
                + (settings.attempts() - 1)
                + " in "
                + wait.toMillis()
                + " ms");
        pause(wait, what, uri);
        continue;
      }
      if (!retryableStatus(r.status()) || attempt >= settings.attempts()) {
        return r;
      }
      Duration wait = backoff(attempt);
      Optional<String> retryAfter = r.header("Retry-After");
      if (r.status() == 429 && retryAfter.isPresent()) {
        Optional<Duration> asked = parseRetryAfter(retryAfter.get());
        if (asked.isPresent() && asked.get().compareTo(settings.maxRetryAfter()) > 0) {
          r.close();
          throw new RegistryException(
              Reason.NETWORK,
              authority(uri)
                  + " is rate-limiting (HTTP 429) and asks to retry after "
                  + asked.get().toSeconds()
                  + " s, longer than runnerlint waits ("
                  + settings.maxRetryAfter().toSeconds()
                  + " s)",
              429,
              null);
        }
        wait = asked.orElse(wait);
      }
      r.close();
      debug(
          method
              + " "
              + show(r.uri())
              + " answered HTTP "
              + r.status()
              + retryAfter.map(v -> " (Retry-After: " + v + ")").orElse("")
              + "; retry "
              + attempt
              + "/"
              + (settings.attempts() - 1)
              + " in "
              + wait.toMillis()
              + " ms");
      pause(wait, what, uri);
    }
  }

  /** The number of attempts a request gets. */
  public int attempts() {
    return settings.attempts();
  }

  static boolean retryableStatus(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  /** Exponential from {@code backoff}, capped, with jitter: a wait in [d/2, d]. */
  Duration backoff(int attempt) {
    long base = settings.backoff().toMillis() << Math.min(attempt - 1, 20);
    long d = Math.min(base, settings.maxBackoff().toMillis());
    long jittered = d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
    return Duration.ofMillis(jittered);
  }

  static Optional<Duration> parseRetryAfter(String value) {
    String v = value.trim();
    if (v.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Waits, but never past the deadline. */
  void pause(Duration wait, String what, URI uri) throws RegistryException {
    long nanos = wait.toNanos();
    if (nanos >= deadline.remainingNanos()) {
      throw timeout(what, uri, null);
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(Reason.NETWORK, "interrupted while reading " + what, e);
    }
  }

  void checkDeadline(String what, URI uri, Throwable cause) throws RegistryException {
    if (deadline.expired()) {
      throw timeout(what, uri, cause);
    }
  }

  RegistryException timeout(String what, URI uri, Throwable cause) {
    return new RegistryException(
        Reason.TIMEOUT,
        "timed out: "
            + deadline.describe()
            + " expired while reading "
            + what
            + " from "
            + authority(uri),
        cause);
  }

  private Response followingRedirects(
      String method, URI uri, Map<String, String> headers, byte[] form, String what)
      throws IOException {
    URI current = uri;
    Map<String, String> h = new LinkedHashMap<>(headers);
    for (int hop = 0; ; hop++) {
      Response r = once(method, current, h, form, what);
      int s = r.status();
      if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308) {
        return r;
      }
      Optional<String> location = r.header("Location");
      r.close();
      if (location.isEmpty()) {
        throw new RegistryException(
            Reason.PROTOCOL,
            authority(current) + " redirected " + what + " (HTTP " + s + ") without a Location",
            s,
            null);
      }
      if (hop >= settings.maxRedirects()) {
        throw new RegistryException(
            Reason.PROTOCOL,
            "too many redirects for "
                + what
                + " (more than "
                + settings.maxRedirects()
                + ", last to "
                + authority(current)
                + ")",
            s,
            null);
      }
      URI next;
      try {
        next = current.resolve(location.get().trim());
      } catch (IllegalArgumentException e) {
        throw new RegistryException(
            Reason.PROTOCOL, authority(current) + " redirected to an invalid URL", s, e);
      }
      String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") || next.getHost() == null) {
        throw new RegistryException(
            Reason.PROTOCOL,
            authority(current) + " redirected " + what + " to an unsupported URL",
            s,
            null);
      }
      if ("https".equalsIgnoreCase(current.getScheme())
          && scheme.equals("http")
          && !insecure.test(authority(next))
          && !isLoopbackName(next.getHost())) {
        throw new RegistryException(
            Reason.PROTOCOL,
            authority(current)
                + " redirected "
                + what
                + " from https to plain http on "
                + authority(next)
                + ": refused",
            s,
            null);
      }
      boolean sameOrigin =
          scheme.equalsIgnoreCase(current.getScheme())
              && next.getHost().equalsIgnoreCase(current.getHost())
              && port(next) == port(current);
      if (!sameOrigin && h.keySet().removeIf(k -> k.equalsIgnoreCase("Authorization"))) {
        debug("redirect to " + show(next) + ": another host, Authorization not sent");
      } else {
        debug("redirect to " + show(next));
      }
      current = next;
    }
  }

  static boolean isLoopbackName(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.equals("[::1]")
        || h.equals("::1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /** {@code host[:port]} of a URI, as registries are named. */
  static String authority(URI u) {
    String host = u.getHost();
    return u.getPort() >= 0 ? host + ":" + u.getPort() : host;
  }

  /** A URI for logs: never its query (signed URLs carry secrets there) or user info. */
  static String show(URI u) {
    return u.getScheme() + "://" + authority(u) + (u.getRawPath() == null ? "" : u.getRawPath());
  }

  private Response once(
      String method, URI uri, Map<String, String> headers, byte[] form, String what)
      throws IOException {
    Optional<Proxies.Server> proxy = proxies.forUri(uri);
    Proxy p =
        proxy
            .map(
                s ->
                    new Proxy(
                        Proxy.Type.HTTP, InetSocketAddress.createUnresolved(s.host(), s.port())))
            .orElse(Proxy.NO_PROXY);
    String registry = authority(uri);
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(p);
    if (c instanceof HttpsURLConnection https) {
      if (insecure.test(registry)) {
        https.setSSLSocketFactory(Trust.trustingEverything());
        https.setHostnameVerifier((host, session) -> true);
      } else {
        https.setSSLSocketFactory(trust.socketFactory(registry));
      }
    }
    c.setRequestMethod(method);
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    // Neither timeout reaches past the deadline; a body that keeps trickling is stopped by the
    // deadline check after each read.
    c.setConnectTimeout(millis(min(settings.connectTimeout(), deadline.remainingNanos())));
    c.setReadTimeout(millis(min(settings.readTimeout(), deadline.remainingNanos())));
    c.setRequestProperty("User-Agent", userAgent);
    headers.forEach(c::setRequestProperty);
    if (proxy.isPresent() && proxy.get().user().isPresent()) {
      Proxies.Server s = proxy.get();
      c.setAuthenticator(
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              if (getRequestorType() != RequestorType.PROXY) {
                return null;
              }
              return new PasswordAuthentication(
                  s.user().orElse(""), s.password().orElse("").toCharArray());
            }
          });
      if (!"https".equalsIgnoreCase(uri.getScheme())) {
        String basic = s.user().orElse("") + ":" + s.password().orElse("");
        c.setRequestProperty(
            "Proxy-Authorization",
            "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
      }
    }
    if (form != null) {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
      c.setFixedLengthStreamingMode(form.length);
    }
    active.add(c);
    boolean ok = false;
    try {
      try {
        c.connect();
      } catch (IOException e) {
        if (deadline.expired()) {
          throw timeout(what, uri, e);
        }
        throw connectFailure(e, uri, proxy);
      }
      if (form != null) {
        try (var out = c.getOutputStream()) {
          out.write(form);
        }
      }
      int status;
      try {
        status = c.getResponseCode();
      } catch (SSLException e) {
        throw connectFailure(e, uri, proxy);
      }
      if (status < 0) {
        throw new IOException("not an HTTP response");
      }
      Map<String, List<String>> h = new TreeMap<>();
      c.getHeaderFields()
          .forEach(
              (k, v) -> {
                if (k != null) {
                  h.put(k.toLowerCase(Locale.ROOT), v);
                }
              });
      InputStream raw;
      try {
        raw = status >= 400 ? c.getErrorStream() : c.getInputStream();
      } catch (IOException e) {
        raw = null;
      }
      if (raw == null) {
        raw = InputStream.nullInputStream();
      }
      long length = c.getContentLengthLong();
      ok = true;
      return new Response(status, uri, Map.copyOf(h), new Body(raw, c, length, what, uri), length);
    } finally {
      if (!ok) {
        active.remove(c);
        c.disconnect();
      }
    }
  }

  private static Duration min(Duration d, long nanos) {
    return nanos < d.toNanos() ? Duration.ofNanos(nanos) : d;
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }

  private RegistryException connectFailure(IOException e, URI uri, Optional<Proxies.Server> proxy) {
    String target = authority(uri);
    String via = proxy.map(s -> " via " + s).orElse("");
    if (e instanceof RegistryException re) {
      return re;
    }
    if (e instanceof UnknownHostException) {
      return new RegistryException(
          Reason.NETWORK,
          proxy.isPresent()
              ? "unknown host " + proxy.get().host() + " (the " + proxy.get() + ")"
              : "unknown host " + uri.getHost(),
          e);
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return new RegistryException(
          Reason.NETWORK,
          proxy.isPresent()
              ? "cannot connect to the " + proxy.get() + ": " + describe(e)
              : "cannot connect to " + target + ": " + describe(e),
          e);
    }
    if (e instanceof SocketTimeoutException) {
      return new RegistryException(
          Reason.TIMEOUT,
          "cannot connect to "
              + target
              + via
              + ": no answer within "
              + Deadline.format(settings.connectTimeout())
              + " (connect timeout)",
          e);
    }
    if (e instanceof SSLException) {
      return tlsFailure((SSLException) e, target);
    }
    String m = String.valueOf(e.getMessage());
    if (m.startsWith("Unable to tunnel through proxy")) {
      String answer = m.contains("\"") ? m.substring(m.indexOf('"') + 1).replace("\"", "") : m;
      return new RegistryException(
          Reason.NETWORK,
          "the "
              + proxy.map(Proxies.Server::toString).orElse("proxy")
              + " refused to tunnel to "
              + target
              + ": "
              + answer.trim(),
          e);
    }
    return new RegistryException(
        Reason.NETWORK, "cannot connect to " + target + via + ": " + describe(e), e);
  }

  private RegistryException tlsFailure(SSLException e, String registry) {
    String why = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        why = "its certificate has expired";
      } else if (t instanceof CertificateNotYetValidException) {
        why = "its certificate is not valid yet";
      } else if (t instanceof CertPathBuilderException
          || String.valueOf(t.getMessage()).contains("PKIX path")) {
        why =
            why != null
                ? why
                : "its certificate is not trusted: it does not chain to a CA in the JVM trust"
                    + " store or the CA files for "
                    + registry;
      } else if (String.valueOf(t.getMessage()).contains("No subject alternative")
          || String.valueOf(t.getMessage()).contains("No name matching")) {
        why = "its certificate does not name the host (" + RegistryErrorsText.oneLine(t) + ")";
      }
    }
    if (why == null) {
      return new RegistryException(
          Reason.TLS,
          "TLS handshake with " + registry + " failed: " + RegistryErrorsText.oneLine(e),
          e);
    }
    return new RegistryException(
        Reason.TLS,
        "TLS verification failed for "
            + registry
            + ": "
            + why
            + "; if a private CA signed it, put the CA in "
            + trust.whereToPutCa(registry)
            + " or pass --cert-dir DIR (--insecure-registry "
            + registry
            + " skips verification)",
        e);
  }

  /** A short cause: "connection reset", "connection refused", "read timed out". */
  static String describe(Throwable e) {
    if (e instanceof SocketTimeoutException) {
      return "no data for the read timeout (stalled)";
    }
    if (e instanceof SSLHandshakeException) {
      return "TLS handshake failed";
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String line = RegistryErrorsText.oneLine(e);
    return line.length() > 1
            && Character.isUpperCase(line.charAt(0))
            && !Character.isUpperCase(line.charAt(1))
        ? Character.toLowerCase(line.charAt(0)) + line.substring(1)
        : line;
  }

  /** A response body: counts bytes, fails when it ends before its Content-Length. */
  private final class Body extends FilterInputStream {
    private final HttpURLConnection connection;
    private final long length;
    private final String what;
    private final URI uri;
    private long count;
    private boolean eof;
    private boolean closed;

    Body(InputStream in, HttpURLConnection c, long length, String what, URI uri) {
      super(in);
      this.connection = c;
      this.length = length;
      this.what = what;
      this.uri = uri;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(b, off, len);
      } catch (IOException e) {
        if (deadline.expired()) {
          throw timeout(what, uri, e);
        }
        throw e;
      }
      if (n > 0 && deadline.expired()) {
        throw timeout(what, uri, null);
      }
      if (n < 0) {
        if (length >= 0 && count < length) {
          if (deadline.expired()) {
            throw timeout(what, uri, null);
          }
          throw new IOException(
              "truncated body: the connection closed after "
                  + count
                  + " of its "
                  + length
                  + " bytes");
        }
        eof = true;
        return -1;
      }
      count += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      active.remove(connection);
      if (!eof) {
        // not read to the end: drop the connection rather than drain a body that may stall
        connection.disconnect();
      }
      try {
        super.close();
      } catch (IOException e) {
        // dropping the connection
      }
    }
  }

  @Override
  public void close() {
    for (HttpURLConnection c : active) {
      c.disconnect();
    }
    active.clear();
  }
}
