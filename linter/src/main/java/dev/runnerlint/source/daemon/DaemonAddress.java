package dev.runnerlint.source.daemon;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * Where a Docker Engine API is served: {@code unix:///PATH} (a Unix domain socket, as dockerd's
 * {@code /var/run/docker.sock} or podman's {@code /run/podman/podman.sock}) or {@code
 * tcp://HOST:PORT} (plain HTTP; TLS, {@code ssh://} and {@code npipe://} are not supported).
 *
 * @param text the address as written, e.g. {@code unix:///var/run/docker.sock}: what messages name
 * @param socket the socket file, for {@code unix://}
 * @param host the host, for {@code tcp://} (without brackets for IPv6)
 * @param port the port, for {@code tcp://}
 */
public record DaemonAddress(String text, Path socket, String host, int port) {

  /** dockerd's default socket. */
  public static final String DEFAULT = "unix:///var/run/docker.sock";

  /** {@code tcp://} without a port means Docker's plain-HTTP port. */
  static final int DEFAULT_TCP_PORT = 2375;

  /**
   * Parses {@code unix://PATH} or {@code tcp://HOST[:PORT]}; {@link IllegalArgumentException} with
   * a one-line message otherwise.
   */
  public static DaemonAddress parse(String text) {
    String t = text.trim();
    if (t.startsWith("unix://")) {
      String path = t.substring("unix://".length());
      if (path.isEmpty()) {
        throw new IllegalArgumentException("invalid daemon address '" + text + "': no socket path");
      }
      return new DaemonAddress(t, Path.of(path), null, 0);
    }
    if (t.startsWith("tcp://")) {
      String rest = t.substring("tcp://".length());
      if (rest.endsWith("/")) {
        rest = rest.substring(0, rest.length() - 1);
      }
      if (rest.contains("/")) {
        throw new IllegalArgumentException(
            "invalid daemon address '" + text + "': a path after tcp://HOST:PORT is not supported");
      }
      String host;
      String portText = null;
      if (rest.startsWith("[")) {
        int close = rest.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException(
              "invalid daemon address '" + text + "': unterminated IPv6 host");
        }
        host = rest.substring(1, close);
        String after = rest.substring(close + 1);
        if (after.startsWith(":")) {
          portText = after.substring(1);
        } else if (!after.isEmpty()) {
          throw new IllegalArgumentException("invalid daemon address '" + text + "'");
        }
      } else {
        int colon = rest.lastIndexOf(':');
        host = colon < 0 ? rest : rest.substring(0, colon);
        portText = colon < 0 ? null : rest.substring(colon + 1);
      }
      if (host.isEmpty()) {
        throw new IllegalArgumentException("invalid daemon address '" + text + "': no host");
      }
      int port = DEFAULT_TCP_PORT;
      if (portText != null) {
        try {
          port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
          port = -1;
        }
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException(
              "invalid daemon address '" + text + "': bad port '" + portText + "'");
        }
      }
      return new DaemonAddress(t, null, host, port);
    }
    int scheme = t.indexOf("://");
    throw new IllegalArgumentException(
        "unsupported daemon address '"
            + text
            + "'"
            + (scheme > 0 ? " (scheme " + t.substring(0, scheme) + "://)" : "")
            + ": use unix:///PATH or tcp://HOST:PORT");
  }

  /** True for a Unix domain socket. */
  public boolean isUnix() {
    return socket != null;
  }

  StandardProtocolFamily family() {
    return isUnix() ? StandardProtocolFamily.UNIX : null;
  }

  SocketAddress socketAddress() {
    return isUnix() ? UnixDomainSocketAddress.of(socket) : new InetSocketAddress(host, port);
  }

  /** The {@code Host} header: {@code localhost} for a socket, else {@code HOST:PORT}. */
  String hostHeader() {
    if (isUnix()) {
      return "localhost";
    }
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return text;
  }
}
