package dev.runnerlint.source.registry;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxies the environment names, chosen per URL as Docker (Go's {@code httpproxy}) does: {@code
 * HTTPS_PROXY} for https URLs, {@code HTTP_PROXY} for http URLs (upper case first, then lower
 * case), none for hosts {@code NO_PROXY} lists. {@code NO_PROXY} entries are host names (matching
 * the name and its subdomains; a leading dot: subdomains only), IP addresses, CIDR ranges, any of
 * them with {@code :PORT}, or {@code *}. As in Docker, {@code localhost} and loopback addresses are
 * never proxied (curl, unlike Docker, proxies them unless {@code NO_PROXY} names them).
 */
public final class Proxies {

  /**
   * A proxy server. {@link #toString()} never shows the credentials.
   *
   * @param user the user name from the proxy URL, if any
   * @param password the password from the proxy URL, if any
   */
  public record Server(String host, int port, Optional<String> user, Optional<String> password) {
    @Override
    public String toString() {
      return "proxy " + host + ":" + port;
    }
  }

  private final Optional<Server> https;
  private final Optional<Server> http;
  private final List<String> noProxy;

  private Proxies(Optional<Server> https, Optional<Server> http, List<String> noProxy) {
    this.https = https;
    this.http = http;
    this.noProxy = noProxy;
  }

  /** No proxy at all. */
  public static Proxies none() {
    return new Proxies(Optional.empty(), Optional.empty(), List.of());
  }

  /**
   * The proxies named by {@code HTTPS_PROXY}/{@code https_proxy}, {@code HTTP_PROXY}/{@code
   * http_proxy} and {@code NO_PROXY}/{@code no_proxy}.
   *
   * @throws RegistryException ({@code CREDENTIALS}-free message) for a proxy URL that cannot be
   *     used
   */
  public static Proxies fromEnvironment(Map<String, String> env) throws RegistryException {
    Optional<Server> https = server(env, "HTTPS_PROXY");
    Optional<Server> http = server(env, "HTTP_PROXY");
    String no = first(env, "NO_PROXY");
    List<String> entries = new ArrayList<>();
    if (no != null) {
      for (String e : no.split(",")) {
        String t = e.trim().toLowerCase(Locale.ROOT);
        if (!t.isEmpty()) {
          entries.add(t);
        }
      }
    }
    return new Proxies(https, http, List.copyOf(entries));
  }

  private static String first(Map<String, String> env, String upper) {
    String v = env.get(upper);
    if (v == null || v.isBlank()) {
      v = env.get(upper.toLowerCase(Locale.ROOT));
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static Optional<Server> server(Map<String, String> env, String name)
      throws RegistryException {
    String value = first(env, name);
    if (value == null) {
      return Optional.empty();
    }
    String text = value.contains("://") ? value : "http://" + value;
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(
          RegistryException.Reason.NETWORK, name + " is not a valid proxy URL");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new RegistryException(
          RegistryException.Reason.NETWORK,
          name
              + ": proxy scheme '"
              + uri.getScheme()
              + "' is not supported (only http:// proxies, which tunnel https)");
    }
    if (uri.getHost() == null) {
      throw new RegistryException(
          RegistryException.Reason.NETWORK, name + " is not a valid proxy URL (no host)");
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
      password = colon < 0 ? Optional.of("") : Optional.of(decode(info.substring(colon + 1)));
    }
    return Optional.of(
        new Server(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), user, password));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The proxy for {@code uri}, or empty for a direct connection. */
  public Optional<Server> forUri(URI uri) {
    Optional<Server> candidate = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
    if (candidate.isEmpty()) {
      return candidate;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    if (host.equals("localhost") || isLoopbackLiteral(host)) {
      return Optional.empty();
    }
    for (String entry : noProxy) {
      if (matches(entry, host, port)) {
        return Optional.empty();
      }
    }
    return candidate;
  }

  private static boolean matches(String entry, String host, int port) {
    if (entry.equals("*")) {
      return true;
    }
    String e = entry;
    int entryPort = -1;
    int colon = e.lastIndexOf(':');
    if (colon > 0
        && !e.contains("/")
        && e.indexOf(':') == colon
        && e.substring(colon + 1).matches("\\d+")) {
      entryPort = Integer.parseInt(e.substring(colon + 1));
      e = e.substring(0, colon);
    }
    if (e.startsWith("[") && e.endsWith("]")) {
      e = e.substring(1, e.length() - 1);
    }
    if (entryPort >= 0 && entryPort != port) {
      return false;
    }
    if (e.contains("/")) {
      return inCidr(e, host);
    }
    if (isIpLiteral(e)) {
      return isIpLiteral(host) && sameAddress(e, host);
    }
    if (e.startsWith("*.")) {
      e = e.substring(1);
    }
    if (e.startsWith(".")) {
      return host.endsWith(e);
    }
    return host.equals(e) || host.endsWith("." + e);
  }

  private static boolean isLoopbackLiteral(String host) {
    return isIpLiteral(host) && address(host).map(InetAddress::isLoopbackAddress).orElse(false);
  }

  private static boolean isIpLiteral(String s) {
    return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (s.contains(":") && s.matches("[0-9a-f:.]+"));
  }

  private static Optional<InetAddress> address(String literal) {
    try {
      // an IP literal is parsed, never looked up
      return Optional.of(InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean sameAddress(String a, String b) {
    return address(a).equals(address(b)) && address(a).isPresent();
  }

  private static boolean inCidr(String cidr, String host) {
    if (!isIpLiteral(host)) {
      return false;
    }
    String[] parts = cidr.split("/", 2);
    Optional<InetAddress> net = isIpLiteral(parts[0]) ? address(parts[0]) : Optional.empty();
    Optional<InetAddress> h = address(host);
    if (net.isEmpty() || h.isEmpty() || !parts[1].matches("\\d{1,3}")) {
      return false;
    }
    byte[] n = net.get().getAddress();
    byte[] a = h.get().getAddress();
    if (n.length != a.length) {
      return false;
    }
    int bits = Math.min(Integer.parseInt(parts[1]), n.length * 8);
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >> (i % 8);
      if ((n[i / 8] & mask) != (a[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
