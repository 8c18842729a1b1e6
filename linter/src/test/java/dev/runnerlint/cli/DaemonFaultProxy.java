package dev.runnerlint.cli;

import dev.runnerlint.fixtures.UnixSocketHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A fault-injecting proxy on a Unix socket in front of a real daemon's socket: each request is
 * forwarded to the daemon, and its answer passed back changed: a {@code /json} body rewritten, a
 * {@code /get} body cut after some bytes, or slowed to a trickle after them. One connection at a
 * time, on a daemon thread; {@link #close()} stops it.
 */
final class DaemonFaultProxy implements AutoCloseable {
  private final ServerSocketChannel server;
  private final UnixSocketHttp daemon;
  private final UnaryOperator<String> json;
  static final Duration TRICKLE_FOR = Duration.ofSeconds(30);
  private final long cutGetAfter;
  private final Duration trickle;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread thread;

  DaemonFaultProxy(Path socket, Path daemonSocket, UnaryOperator<String> json, long cutGetAfter)
      throws IOException {
    this(socket, daemonSocket, json, cutGetAfter, null);
  }

  /**
   * As above, but after {@code cutGetAfter} bytes the rest of a {@code /get} body is sent a byte
   * per {@code trickle} (never idle) until the proxy is closed or {@link #TRICKLE_FOR} has passed;
   * then the body is cut there (so a client that does not give up first fails on a short body).
   */
  DaemonFaultProxy(
      Path socket,
      Path daemonSocket,
      UnaryOperator<String> json,
      long cutGetAfter,
      Duration trickle)
      throws IOException {
    this.trickle = trickle;
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    this.daemon = new UnixSocketHttp(daemonSocket);
    this.json = json;
    this.cutGetAfter = cutGetAfter;
    this.thread = new Thread(this::serve, "daemon-fault-proxy");
    thread.setDaemon(true);
    thread.start();
  }

  private void serve() {
    while (server.isOpen()) {
      try (SocketChannel c = server.accept()) {
        InputStream in = Channels.newInputStream(c);
        String requestLine = readLine(in);
        while (!readLine(in).isEmpty()) {
          // request headers: not forwarded
        }
        String target = requestLine.split(" ")[1];
        OutputStream out = Channels.newOutputStream(c);
        try (UnixSocketHttp.Response r = daemon.get(target)) {
          if (target.endsWith("/json")) {
            byte[] body = json.apply(r.bodyString()).getBytes(StandardCharsets.UTF_8);
            out.write(
                ("HTTP/1.1 "
                        + r.status()
                        + " X\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length
                        + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
          } else {
            // Close-delimited, so a cut body is only noticed by what it holds.
            out.write(
                ("HTTP/1.1 " + r.status() + " X\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream body = r.body();
            byte[] buf = new byte[64 * 1024];
            long sent = 0;
            int n;
            while (sent < cutGetAfter && (n = body.read(buf)) > 0) {
              int k = (int) Math.min(n, cutGetAfter - sent);
              out.write(buf, 0, k);
              sent += k;
            }
            out.flush();
            long end = System.nanoTime() + TRICKLE_FOR.toNanos();
            // a byte each time the trickle's interval passes without the proxy being closed
            for (int b;
                trickle != null
                    && !closedWithin(trickle)
                    && System.nanoTime() < end
                    && (b = body.read()) >= 0; ) {
              out.write(b);
              out.flush();
            }
          }
          out.flush();
        }
      } catch (IOException e) {
        // the client went away, or the proxy was closed
      }
    }
  }

  /** Waits up to {@code d} for {@link #close()}; true when the proxy was closed. */
  private boolean closedWithin(Duration d) throws IOException {
    try {
      return closed.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.append((char) b);
    }
    return line.toString().strip();
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    server.close();
  }
}
