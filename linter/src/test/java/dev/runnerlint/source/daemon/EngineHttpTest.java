package dev.runnerlint.source.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Engine API client's HTTP/1.1 framing and bounds, against a socket that answers with given
 * bytes (the real daemons are in {@code DaemonLintTest}; these are the framings and failures they
 * do not produce on demand).
 */
@Timeout(30)
class EngineHttpTest {
  @TempDir Path tmp;
  private final CountDownLatch release = new CountDownLatch(1);
  private ServerSocketChannel server;

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    if (server != null) {
      server.close();
    }
  }

  /** Serves one connection: reads the request head, writes {@code response}, then maybe holds. */
  private CompletableFuture<String> serve(ServerSocketChannel s, String response, boolean hold) {
    server = s;
    return CompletableFuture.supplyAsync(
        () -> {
          try (SocketChannel c = s.accept()) {
            StringBuilder head = new StringBuilder();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (!head.toString().endsWith("\r\n\r\n")) {
              one.clear();
              if (c.read(one) < 0) {
                break;
              }
              head.append((char) one.get(0));
            }
            c.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1)));
            if (hold) {
              release.await(20, TimeUnit.SECONDS);
            }
            return head.toString();
          } catch (IOException | InterruptedException e) {
            return "server failed: " + e;
          }
        });
  }

  private int sockets;

  private EngineHttp unix(String response, boolean hold) throws IOException {
    Path sock = tmp.resolve("d" + sockets++ + ".sock");
    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    s.bind(UnixDomainSocketAddress.of(sock));
    serve(s, response, hold);
    return new EngineHttp(
        DaemonAddress.parse("unix://" + sock), Duration.ofSeconds(5), Duration.ofMillis(300));
  }

  private static String body(EngineHttp http) throws IOException {
    try (EngineHttp.Response r = http.get("/images/x/json");
        InputStream in = r.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aChunkedBodyIsDecodedWithExtensionsAndTrailers() throws Exception {
    Path sock = tmp.resolve("c.sock");
    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    s.bind(UnixDomainSocketAddress.of(sock));
    CompletableFuture<String> request =
        serve(
            s,
            "HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=v\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n",
            false);
    EngineHttp http = new EngineHttp(DaemonAddress.parse("unix://" + sock));
    try (EngineHttp.Response r = http.get("/images/acme/runner:1/get")) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("content-type")).contains("application/x-tar");
      assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("hello, world");
    }
    assertThat(request.get(10, TimeUnit.SECONDS))
        .startsWith("GET /images/acme/runner:1/get HTTP/1.1\r\n")
        .contains("\r\nHost: localhost\r\n")
        .contains("\r\nConnection: close\r\n");
  }

  @Test
  void aContentLengthBodyEndsAtItsLengthAndAShortOneIsAnError() throws Exception {
    assertThat(body(unix("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA", false)))
        .isEqualTo("hello");
    stop();
    EngineHttp shortBody = unix("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nhello", false);
    assertThatThrownBy(() -> body(shortBody))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("45 bytes before its Content-Length");
  }

  @Test
  void aBodyWithoutFramingEndsWhenTheDaemonCloses() throws Exception {
    assertThat(body(unix("HTTP/1.0 200 OK\r\n\r\nuntil close", false))).isEqualTo("until close");
  }

  @Test
  void aDaemonThatKeepsTricklingIsStoppedByTheTimeoutThatTheIdleTimeoutNeverReaches()
      throws Exception {
    Path sock = tmp.resolve("trickle.sock");
    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    s.bind(UnixDomainSocketAddress.of(sock));
    server = s;
    CompletableFuture.runAsync(
        () -> {
          try (SocketChannel c = s.accept()) {
            c.read(ByteBuffer.allocate(4096));
            c.write(ByteBuffer.wrap("HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            // a byte every 50 ms, far inside the 2 s idle timeout, until the test ends
            while (!release.await(50, TimeUnit.MILLISECONDS)) {
              c.write(ByteBuffer.wrap(new byte[] {'x'}));
            }
          } catch (IOException | InterruptedException e) {
            // the client gave up
          }
        });
    EngineHttp http =
        new EngineHttp(
            DaemonAddress.parse("unix://" + sock),
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
            dev.runnerlint.source.registry.Deadline.after(Duration.ofSeconds(1)));
    assertThatThrownBy(() -> body(http))
        .isInstanceOf(EngineHttp.DaemonTimeoutException.class)
        .hasMessage(
            "timed out: --timeout 1s expired while reading from the daemon at unix://" + sock);
  }

  @Test
  void aDaemonThatSendsNothingFailsWithinTheIdleTimeout() throws Exception {
    EngineHttp silent = unix("", true);
    long start = System.nanoTime();
    assertThatThrownBy(() -> body(silent))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("sent nothing for");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aBodyThatStallsFailsWithinTheIdleTimeout() throws Exception {
    EngineHttp stalls = unix("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial", true);
    assertThatThrownBy(() -> body(stalls))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("sent nothing for");
  }

  @Test
  void aResponseThatIsNotHttpIsAProtocolError() throws Exception {
    assertThatThrownBy(() -> body(unix("SSH-2.0-OpenSSH\r\n\r\n", false)))
        .isInstanceOf(EngineHttp.ProtocolException.class)
        .hasMessageContaining("not an HTTP/1.x status line");
    stop();
    assertThatThrownBy(
            () -> body(unix("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false)))
        .isInstanceOf(EngineHttp.ProtocolException.class)
        .hasMessageContaining("bad chunk size line");
  }

  @Test
  void tcpIsPlainHttpToHostAndPort() throws Exception {
    ServerSocketChannel s = ServerSocketChannel.open();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = ((InetSocketAddress) s.getLocalAddress()).getPort();
    CompletableFuture<String> request =
        serve(s, "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}", false);
    EngineHttp http = new EngineHttp(DaemonAddress.parse("tcp://127.0.0.1:" + port));
    try (EngineHttp.Response r = http.get("/images/x/json")) {
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.bodyBytes(100)).containsExactly('{', '}');
    }
    assertThat(request.get(10, TimeUnit.SECONDS)).contains("\r\nHost: 127.0.0.1:" + port + "\r\n");
  }

  @Test
  void noListenerIsDaemonUnreachable() throws Exception {
    EngineHttp none = new EngineHttp(DaemonAddress.parse("unix://" + tmp.resolve("none.sock")));
    assertThatThrownBy(() -> none.get("/_ping"))
        .isInstanceOf(EngineHttp.DaemonUnreachableException.class)
        .hasMessage("no such socket (is the daemon running?)");
  }
}
