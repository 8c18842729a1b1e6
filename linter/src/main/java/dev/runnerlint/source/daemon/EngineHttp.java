package dev.runnerlint.source.daemon;

import dev.runnerlint.source.registry.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A small HTTP/1.1 client for the Docker Engine API, over a Unix domain socket ({@code unix://}) or
 * TCP ({@code tcp://}, plain HTTP). Written here because the JDK's {@code HttpClient} cannot
 * connect to a Unix socket and the libraries that can are large (junixsocket, Jetty's client with
 * its {@code jetty-io}/{@code jetty-util}, docker-java's JNA transport); the JDK's {@link
 * SocketChannel} speaks both since JDK 16.
 *
 * <p>It sends {@code GET} only, one request per connection ({@code Connection: close}), and reads a
 * body framed by {@code Content-Length}, {@code Transfer-Encoding: chunked} or the end of the
 * connection. No redirects, keep-alive, compression or TLS. Every wait is bounded: the connect by
 * {@code connectTimeout}; each read (of the head or of the body) by {@code idleTimeout}, so a
 * daemon that stops sending fails the read instead of hanging it; and every wait and every read by
 * the {@link Deadline} of {@code --timeout}, so one that keeps trickling is stopped too. The
 * channel is non-blocking and waits in a {@link Selector}, so no thread is needed to enforce the
 * bounds.
 */
final class EngineHttp {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_HEAD = 64 * 1024;
  private static final String READING = "while reading from";

  private final DaemonAddress address;
  private final Duration connectTimeout;
  private final Duration idleTimeout;
  private final Deadline deadline;

  EngineHttp(DaemonAddress address) {
    this(address, Deadline.none());
  }

  EngineHttp(DaemonAddress address, Deadline deadline) {
    this(address, CONNECT_TIMEOUT, IDLE_TIMEOUT, deadline);
  }

  EngineHttp(DaemonAddress address, Duration connectTimeout, Duration idleTimeout) {
    this(address, connectTimeout, idleTimeout, Deadline.none());
  }

  EngineHttp(
      DaemonAddress address, Duration connectTimeout, Duration idleTimeout, Deadline deadline) {
    this.address = address;
    this.connectTimeout = connectTimeout;
    this.idleTimeout = idleTimeout;
    this.deadline = deadline;
  }

  /**
   * Throws {@link DaemonTimeoutException} once the deadline has passed; {@code doing} is e.g.
   * "while reading from".
   */
  private void checkDeadline(String doing) throws DaemonTimeoutException {
    if (deadline.expired()) {
      throw new DaemonTimeoutException(
          "timed out: " + deadline.describe() + " expired " + doing + " the daemon at " + address);
    }
  }

  /** The wait allowed now: {@code bound}, but never past the deadline; at least 1 ms. */
  private long waitMillis(Duration bound) {
    long nanos = Math.min(bound.toNanos(), deadline.remainingNanos());
    return Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
  }

  DaemonAddress address() {
    return address;
  }

  /**
   * {@code GET target} ({@code target}: path and query, already percent-encoded). Returns once the
   * response head has arrived; the caller closes the response. Throws {@link
   * DaemonUnreachableException} when no connection could be made, {@link IOException} when the
   * exchange failed.
   */
  Response get(String target) throws IOException {
    checkDeadline("before asking");
    SocketChannel channel = connect();
    try {
      Selector selector = Selector.open();
      Connection c = new Connection(channel, selector);
      try {
        c.write(
            ("GET "
                    + target
                    + " HTTP/1.1\r\nHost: "
                    + address.hostHeader()
                    + "\r\nUser-Agent: runnerlint\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        return readResponse(c);
      } catch (IOException | RuntimeException e) {
        c.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private SocketChannel connect() throws IOException {
    SocketChannel channel =
        address.isUnix() ? SocketChannel.open(address.family()) : SocketChannel.open();
    try {
      channel.configureBlocking(false);
      boolean connected = channel.connect(address.socketAddress());
      if (!connected) {
        try (Selector s = Selector.open()) {
          channel.register(s, SelectionKey.OP_CONNECT);
          if (s.select(waitMillis(connectTimeout)) == 0) {
            checkDeadline("while connecting to");
            throw new DaemonUnreachableException(
                "no connection within " + connectTimeout.toSeconds() + " s");
          }
          channel.finishConnect();
        }
      }
      return channel;
    } catch (DaemonUnreachableException | DaemonTimeoutException e) {
      channel.close();
      throw e;
    } catch (IOException e) {
      channel.close();
      throw new DaemonUnreachableException(cause(e), e);
    }
  }

  /** Why a connection failed, in words a user can act on. */
  private String cause(IOException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (m.contains("permission denied") || m.contains("access denied")) {
      return "permission denied (the socket's owner or group, e.g. 'docker', may use it)";
    }
    if (m.contains("no such file") || (address.isUnix() && !Files.exists(address.socket()))) {
      return "no such socket (is the daemon running?)";
    }
    if (e instanceof ConnectException || m.contains("connection refused")) {
      return "connection refused (is the daemon running?)";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private Response readResponse(Connection in) throws IOException {
    String statusLine = readLine(in, MAX_HEAD);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new ProtocolException("not an HTTP/1.x status line: '" + shorten(statusLine) + "'");
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new ProtocolException("bad status line: '" + shorten(statusLine) + "'");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    int total = statusLine.length();
    while (true) {
      String line = readLine(in, MAX_HEAD);
      total += line.length() + 2;
      if (total > MAX_HEAD) {
        throw new ProtocolException("response head larger than " + MAX_HEAD + " bytes");
      }
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("bad header line: '" + shorten(line) + "'");
      }
      headers
          .computeIfAbsent(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    if (status >= 100 && status < 200) {
      throw new ProtocolException("unexpected interim response " + status);
    }
    String te = first(headers, "transfer-encoding");
    String cl = first(headers, "content-length");
    InputStream body;
    if (status == 204 || status == 304) {
      body = InputStream.nullInputStream();
    } else if (te != null) {
      if (!te.toLowerCase(Locale.ROOT).equals("chunked")) {
        throw new ProtocolException("unsupported Transfer-Encoding: " + te);
      }
      body = new ChunkedBody(in);
    } else if (cl != null) {
      long length;
      try {
        length = Long.parseLong(cl);
      } catch (NumberFormatException e) {
        length = -1;
      }
      if (length < 0) {
        throw new ProtocolException("bad Content-Length: " + shorten(cl));
      }
      body = new LengthBody(in, length);
    } else {
      body = in; // until the daemon closes the connection
    }
    return new Response(status, headers, body, in);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  /** One line without its CRLF (a bare LF is accepted too). */
  static String readLine(InputStream in, int max) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new ProtocolException(
            line.size() == 0
                ? "the daemon closed the connection without a complete response"
                : "the connection closed in the middle of a line");
      }
      if (b == '\n') {
        break;
      }
      line.write(b);
      if (line.size() > max) {
        throw new ProtocolException("line longer than " + max + " bytes");
      }
    }
    byte[] bytes = line.toByteArray();
    int len = bytes.length;
    if (len > 0 && bytes[len - 1] == '\r') {
      len--;
    }
    return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
  }

  /** {@code --timeout} expired; the message says so and names the daemon. */
  static final class DaemonTimeoutException extends IOException {
    DaemonTimeoutException(String message) {
      super(message);
    }
  }

  /** The daemon broke HTTP/1.1. */
  static final class ProtocolException extends IOException {
    ProtocolException(String message) {
      super(message);
    }
  }

  /** No connection could be made to the daemon; the message is the cause, in a few words. */
  static final class DaemonUnreachableException extends IOException {
    DaemonUnreachableException(String message) {
      super(message);
    }

    DaemonUnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A response whose head has been read; the body streams from the connection. */
  static final class Response implements AutoCloseable {
    private final int status;
    private final Map<String, List<String>> headers;
    private final InputStream body;
    private final Connection connection;

    Response(int status, Map<String, List<String>> headers, InputStream body, Connection c) {
      this.status = status;
      this.headers = headers;
      this.body = body;
      this.connection = c;
    }

    int status() {
      return status;
    }

    /** The first value of a header (name in any case). */
    Optional<String> header(String name) {
      return Optional.ofNullable(first(headers, name.toLowerCase(Locale.ROOT)));
    }

    /** The body, decoded from its transfer coding; closing it closes the connection. */
    InputStream body() {
      return new java.io.FilterInputStream(body) {
        @Override
        public void close() throws IOException {
          connection.close();
        }
      };
    }

    /** At most {@code max} bytes of the body (for a JSON answer or an error message). */
    byte[] bodyBytes(int max) throws IOException {
      byte[] b = body.readNBytes(max + 1);
      if (b.length > max) {
        throw new ProtocolException("response body larger than " + max + " bytes");
      }
      return b;
    }

    @Override
    public void close() throws IOException {
      connection.close();
    }
  }

  /**
   * The connection as a buffered stream whose every wait for data is bounded by the idle timeout.
   */
  private final class Connection extends InputStream {
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();
    private boolean eof;

    Connection(SocketChannel channel, Selector selector) throws IOException {
      this.channel = channel;
      this.selector = selector;
      channel.register(selector, 0);
    }

    void write(byte[] bytes) throws IOException {
      ByteBuffer out = ByteBuffer.wrap(bytes);
      SelectionKey key = channel.keyFor(selector);
      while (out.hasRemaining()) {
        if (channel.write(out) == 0) {
          key.interestOps(SelectionKey.OP_WRITE);
          await("sending the request", "while sending a request to");
        }
      }
    }

    private void await(String what, String doing) throws IOException {
      selector.selectedKeys().clear();
      if (selector.select(waitMillis(idleTimeout)) == 0) {
        checkDeadline(doing);
        throw new SocketTimeoutException(
            "the daemon at "
                + address
                + " sent nothing for "
                + idleTimeout.toSeconds()
                + " s "
                + what);
      }
    }

    private boolean fill() throws IOException {
      if (eof) {
        return false;
      }
      buffer.clear();
      try {
        SelectionKey key = channel.keyFor(selector);
        while (true) {
          int n = channel.read(buffer);
          if (n < 0) {
            eof = true;
            return false;
          }
          if (n > 0) {
            checkDeadline(READING);
            return true;
          }
          key.interestOps(SelectionKey.OP_READ);
          await("while reading", READING);
        }
      } catch (SocketException e) {
        throw new IOException(
            "the connection to the daemon at " + address + " broke: " + e.getMessage(), e);
      } finally {
        buffer.flip();
      }
    }

    @Override
    public int read() throws IOException {
      if (!buffer.hasRemaining() && !fill()) {
        return -1;
      }
      return buffer.get() & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!buffer.hasRemaining() && !fill()) {
        return -1;
      }
      int n = Math.min(len, buffer.remaining());
      buffer.get(b, off, n);
      return n;
    }

    @Override
    public void close() throws IOException {
      try {
        selector.close();
      } finally {
        channel.close();
      }
    }
  }

  /** Exactly {@code length} bytes, then EOF; fewer is an error. */
  private static final class LengthBody extends InputStream {
    private final InputStream in;
    private long remaining;

    LengthBody(InputStream in, long length) {
      this.in = in;
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new EOFException(
            "the daemon's response ended " + remaining + " bytes before its Content-Length");
      }
      remaining -= n;
      return n;
    }
  }

  /** RFC 9112 chunked transfer coding: chunk extensions ignored, trailers read and dropped. */
  private static final class ChunkedBody extends InputStream {
    private final InputStream in;
    private long chunkRemaining;
    private boolean done;

    ChunkedBody(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      if (chunkRemaining == 0) {
        String sizeLine = readLine(in, 4096);
        int semi = sizeLine.indexOf(';');
        String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim();
        try {
          chunkRemaining = hex.isEmpty() || hex.length() > 15 ? -1 : Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
          chunkRemaining = -1;
        }
        if (chunkRemaining < 0) {
          throw new ProtocolException("bad chunk size line: '" + shorten(sizeLine) + "'");
        }
        if (chunkRemaining == 0) {
          int trailer = 0;
          while (!readLine(in, 4096).isEmpty()) {
            if (++trailer > 100) {
              throw new ProtocolException("too many trailer fields");
            }
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, chunkRemaining));
      if (n < 0) {
        throw new EOFException("the daemon's response ended inside a chunk");
      }
      chunkRemaining -= n;
      if (chunkRemaining == 0 && !readLine(in, 4096).isEmpty()) {
        throw new ProtocolException("chunk data not followed by CRLF");
      }
      return n;
    }
  }
}
