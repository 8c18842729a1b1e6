package dev.runnerlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code runnerlint lint} against registries the way a user would, in an environment the test
 * controls (PATH for credential helpers, proxies, auth files), writing every report format, so a
 * test can check exit code, the one error line, and that no secret appears in any output.
 */
final class RegistryCli {
  private RegistryCli() {}

  static final List<String> FORMATS = List.of("json", "sarif", "junit", "github", "markdown");

  /** One run: exit code, stdout, stderr, and every report file's text. */
  record Run(int code, String out, String err, String reports, boolean debug) {
    /** stderr without the --debug lines. */
    List<String> errorLines() {
      return err.lines()
          .filter(l -> !l.isBlank() && !l.startsWith("runnerlint: debug: "))
          .filter(l -> !l.startsWith("\tat ") && !l.startsWith("Caused by: "))
          .filter(l -> l.startsWith("runnerlint: "))
          .toList();
    }

    List<String> debugLines() {
      return err.lines().filter(l -> l.startsWith("runnerlint: debug: ")).toList();
    }

    /** Everything the run wrote. */
    String everything() {
      return out + "\n" + err + "\n" + reports;
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** An environment with these variables and {@code dir} as working directory. */
  static Environment env(Path dir, Map<String, String> vars) {
    return new Environment(dir, vars, false);
  }

  /** {@code lint ARGS}, writing all report formats under {@code dir}. */
  static Run lint(Path dir, Map<String, String> vars, String... args) {
    Path out;
    try {
      out = Files.createTempDirectory(dir, "reports-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> all = new ArrayList<>(List.of("lint"));
    for (String f : FORMATS) {
      all.add("--output");
      all.add(f + "=" + out.resolve("report." + f));
    }
    all.addAll(Arrays.asList(args));
    LintCli.Run r = LintCli.run(env(dir, vars), all.toArray(String[]::new));
    StringBuilder reports = new StringBuilder();
    for (String f : FORMATS) {
      Path p = out.resolve("report." + f);
      if (Files.exists(p)) {
        try {
          reports.append(Files.readString(p)).append('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return new Run(
        r.code(), r.out(), r.err(), reports.toString(), List.of(args).contains("--debug"));
  }

  /** Asserts exit 3 with exactly one error line that contains every one of {@code mentions}. */
  static String assertUnreadable(Run r, String... mentions) {
    assertThat(r.code()).as("exit code; %s", r).isEqualTo(3);
    assertThat(r.errorLines()).as("error lines; %s", r).hasSize(1);
    String line = r.errorLines().get(0);
    for (String m : mentions) {
      assertThat(line).contains(m);
    }
    if (!r.debug()) {
      // --debug adds the stack trace after the one line; without it there is none
      assertThat(r.err()).doesNotContain("\tat ");
    }
    assertThat(r.reports()).as("reports say the image could not be read").contains(mentions[0]);
    return line;
  }

  /** Asserts no secret, nor its base64 forms, nor any JWT, appears in anything the run wrote. */
  static void assertNoSecrets(Run r, String... secrets) {
    String all = r.everything();
    for (String s : secrets) {
      assertThat(all).as("output must not contain a secret").doesNotContain(s);
      String b64 = Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
      assertThat(all).doesNotContain(b64.replace("=", ""));
    }
    assertThat(all)
        .as("no bearer token (JWT) in the output")
        .doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}");
  }

  /** Writes {@code dir/config.json}. */
  static Path dockerConfig(Path dir, String json) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("config.json"), json);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"auths":{"HOST":{"auth":base64(user:password)}}}}. */
  static String auths(String host, String user, String password) {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}";
  }

  /** Writes an executable shell script {@code dir/name}. */
  static Path script(Path dir, String name, String body) {
    try {
      Files.createDirectories(dir);
      Path p = dir.resolve(name);
      Files.writeString(p, "#!/bin/sh\n" + body);
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> vars(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
