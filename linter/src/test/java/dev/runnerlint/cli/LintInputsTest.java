package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerlint.cli.LintCli.Run;
import dev.runnerlint.fixtures.FixtureIndex;
import dev.runnerlint.fixtures.FixtureWriter;
import dev.runnerlint.fixtures.SampleImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs a user types in the first hour: an IPv6 loopback registry, containerd-style platforms,
 * malformed configuration and packs, and the launcher symlinked into a bin/ directory.
 */
class LintInputsTest {

  @Test
  void anIpv6LoopbackRegistryIsReadAsDocumented() throws Exception {
    String pushed = LintCli.push("polish/runner:ok", LintCli.ok());
    assertThat(pushed).startsWith("127.0.0.1:");
    // The real registry listens on 127.0.0.1; a plain TCP relay on [::1] sits in front of it.
    try (Relay relay = new Relay(LintCli.registry().port())) {
      String ref = "[::1]:" + relay.port() + "/polish/runner:ok";
      Run run = LintCli.run("lint", ref);

      assertThat(run.code()).as(run.toString()).isZero();
      assertThat(run.out()).contains(ref + " (linux/amd64, sha256:").contains("no findings");
    }
  }

  @Test
  void platformsMatchTheWayContainerdNormalisesThem(@TempDir Path dir) {
    Path layout = dir.resolve("mixed");
    FixtureWriter.ociLayout(layout, null, LintCli.mixedIndex()); // amd64, and arm64 (no variant)
    for (String wanted : List.of("linux/arm64/v8", "linux/aarch64", "linux/arm64")) {
      Run run = LintCli.run("lint", "--platform", wanted, "oci:" + layout);
      assertThat(run.out()).as(wanted).contains("(linux/arm64, sha256:").doesNotContain("amd64,");
      assertThat(run.code()).as(wanted).isEqualTo(ExitCodes.FINDINGS); // ARC008: x64 runner
    }
    Path v8 = dir.resolve("v8");
    FixtureWriter.ociLayout(v8, null, FixtureIndex.of(SampleImages.runnerOk("linux/arm64/v8")));
    Run run = LintCli.run("lint", "--platform", "linux/arm64", "oci:" + v8);
    assertThat(run.out()).as(run.toString()).contains("(linux/arm64/v8, sha256:");
  }

  @Test
  void malformedConfigurationAndPacksAreOneLineWithTheOffendingLine(@TempDir Path dir)
      throws IOException {
    Path tab = Files.writeString(dir.resolve("tab.yaml"), "runnerDir: /x\n\tbad: tab\n");
    Path notUtf8 = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xff});
    Path pack =
        Files.writeString(
            dir.resolve("pack.yaml"),
            "pack: p\nrules:\n  - id: P001\n    name: n\n    level: note\n    summary: s\n"
                + "    check:\n      nope.primitive:\n        path: /x\n");
    String image = "oci:" + dir.resolve("never-read");
    Map<List<String>, String> cases =
        Map.of(
            List.of("--config", tab.toString()), tab + ":2: malformed YAML: ",
            List.of("--config", notUtf8.toString()), notUtf8 + ":1: malformed YAML: not UTF-8 text",
            List.of("--rules", notUtf8.toString()), notUtf8 + ":1: malformed YAML: not UTF-8 text",
            List.of("--rules", pack.toString()),
                pack + ":8: unknown check primitive 'nope.primitive'");
    cases.forEach(
        (flags, expected) -> {
          List<String> all = new java.util.ArrayList<>(List.of("lint"));
          all.addAll(flags);
          all.add(image);
          String[] args = all.toArray(String[]::new);
          Run run = LintCli.run(args);
          assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
          assertThat(run.errLines())
              .as(run.toString())
              .singleElement()
              .asString()
              .startsWith("runnerlint: " + expected)
              .doesNotContain("Exception");
        });
  }

  @Test
  void theLauncherWorksSymlinkedIntoABinDirectoryOnPath(@TempDir Path dir) throws Exception {
    Path root = Path.of(System.getProperty("runnerlint.projectRoot", "..")).toAbsolutePath();
    Path checkout = Files.createDirectories(dir.resolve("checkout"));
    Path launcher = checkout.resolve("runnerlint");
    Files.copy(root.resolve("runnerlint"), launcher);
    launcher.toFile().setExecutable(true);
    // The launcher names its jar by the version in pom.xml.
    Files.copy(root.resolve("pom.xml"), checkout.resolve("pom.xml"));
    String version =
        Files.readAllLines(checkout.resolve("pom.xml")).stream()
            .filter(l -> l.matches("^  <version>.*</version>$"))
            .findFirst()
            .orElseThrow()
            .replaceAll("^  <version>(.*)</version>$", "$1");
    // A jar that runs this build's classes: newer than the (absent) sources, so nothing is built.
    Path jar =
        Files.createDirectories(checkout.resolve("linter/target"))
            .resolve("runnerlint-" + version + ".jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    manifest
        .getMainAttributes()
        .put(
            Attributes.Name.CLASS_PATH,
            String.join(
                " ",
                location(Main.class),
                location(picocli.CommandLine.class),
                location(com.fasterxml.jackson.core.JsonFactory.class),
                location(com.fasterxml.jackson.databind.ObjectMapper.class),
                location(com.fasterxml.jackson.annotation.JsonProperty.class),
                location(com.fasterxml.jackson.dataformat.yaml.YAMLFactory.class),
                location(org.yaml.snakeyaml.Yaml.class)));
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      // the manifest is all it needs
    }
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("runnerlint"), launcher);

    ProcessBuilder pb = new ProcessBuilder("bash", "-c", "runnerlint --version");
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.redirectErrorStream(true);
    pb.directory(dir.toFile());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).as(output).startsWith("runnerlint " + VersionProvider.version());
  }

  private static String location(Class<?> c) throws Exception {
    return c.getProtectionDomain().getCodeSource().getLocation().toURI().toString();
  }

  /** Relays TCP connections from [::1]:port to 127.0.0.1:target; closed by the test. */
  static final class Relay implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final Thread acceptor;

    Relay(int target) throws IOException {
      this.target = target;
      this.server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      acceptor = new Thread(this::accept, "ipv6-relay");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Socket upstream = new Socket(InetAddress.getByName("127.0.0.1"), target);
          pump(client, upstream);
          pump(upstream, client);
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private static void pump(Socket from, Socket to) {
      Thread t =
          new Thread(
              () -> {
                try (InputStream in = from.getInputStream()) {
                  OutputStream out = to.getOutputStream();
                  in.transferTo(out);
                  to.shutdownOutput();
                } catch (IOException e) {
                  // the other side closed
                } finally {
                  try {
                    from.close();
                  } catch (IOException e) {
                    // already closed
                  }
                }
              },
              "ipv6-relay-pump");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
