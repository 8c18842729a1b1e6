package dev.runnerlint.source.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnerlint.io.JsonTrees;
import dev.runnerlint.source.registry.RegistryException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Docker credential helper ({@code docker-credential-NAME get}, the
 * docker-credential-helpers protocol: the server URL on stdin, {@code
 * {"ServerURL","Username","Secret"}} on stdout). Written here rather than through Jib's {@code
 * DockerCredentialHelper} because that one finds the helper on the JVM's own {@code PATH} (not the
 * environment runnerlint was given), ignores the exit code and puts the helper's output, which may
 * hold the secret, into its exception messages.
 */
final class CredentialHelper {

  private static final long TIMEOUT_SECONDS = 60;

  private CredentialHelper() {}

  /**
   * @param name the helper's suffix, e.g. {@code pass} for {@code docker-credential-pass}
   * @param serverUrl what to ask it for
   * @param origin where the helper was named, e.g. {@code credHelpers in /h/.docker/config.json}
   * @return empty when the helper has no credentials for {@code serverUrl}
   */
  static Optional<Credential> get(
      String name, String serverUrl, String origin, Map<String, String> env)
      throws RegistryException {
    String program = "docker-credential-" + name;
    Path executable =
        find(program, env.getOrDefault("PATH", ""))
            .orElseThrow(
                () ->
                    new RegistryException(
                        Reason.CREDENTIALS, program + " not found on PATH (" + origin + ")"));
    String source = "credential helper " + program + " (" + origin + ")";
    ProcessBuilder pb = new ProcessBuilder(executable.toString(), "get");
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new RegistryException(
          Reason.CREDENTIALS, "cannot run " + executable + ": " + RegistryErrorsText.oneLine(e), e);
    }
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    try (OutputStream stdin = p.getOutputStream()) {
      stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the helper may exit without reading its input; its exit code says what happened
    }
    int code;
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RegistryException(
            Reason.CREDENTIALS, source + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      code = p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new RegistryException(Reason.CREDENTIALS, "interrupted while running " + program, e);
    }
    String stdout = new String(out.join(), StandardCharsets.UTF_8);
    String stderr = new String(err.join(), StandardCharsets.UTF_8);
    if (code != 0) {
      if (stdout.contains("credentials not found")) {
        return Optional.empty();
      }
      String first =
          stderr.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("");
      throw new RegistryException(
          Reason.CREDENTIALS,
          source
              + " failed (exit "
              + code
              + ")"
              + (first.isEmpty() ? ", with nothing on stderr" : ": " + first));
    }
    JsonNode json;
    try {
      json = JsonTrees.read(stdout);
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      throw new RegistryException(
          Reason.CREDENTIALS,
          source + " printed something other than the credential JSON the protocol asks for");
    }
    String user = json.path("Username").asText("");
    String secret = json.path("Secret").asText("");
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Credential(user, secret, source));
  }

  private static byte[] drain(InputStream in) {
    try (in) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toByteArray();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  static Optional<Path> find(String program, String path) {
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
