package dev.runnerlint.source.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runnerlint.io.JsonTrees;
import dev.runnerlint.source.registry.RegistryException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the credential for a registry in the files Docker, podman and skopeo use, in this order
 * (the first file with an entry for the registry wins; missing files are skipped, a file that is
 * not valid JSON is an error naming it):
 *
 * <ol>
 *   <li>{@code --authfile FILE}, when given (as skopeo's {@code --authfile});
 *   <li>Docker's {@code config.json} ({@code --docker-config DIR}, else {@code $DOCKER_CONFIG},
 *       else {@code ~/.docker}): {@code credHelpers} for the registry, else {@code credsStore},
 *       else {@code auths};
 *   <li>{@code $REGISTRY_AUTH_FILE}, else {@code $XDG_RUNTIME_DIR/containers/auth.json} (podman,
 *       skopeo): {@code credHelpers}, then {@code auths} keyed by registry or {@code
 *       registry/namespace/repository} (the most specific key wins).
 * </ol>
 */
public final class CredentialStore {

  private static final String HUB_KEY = "https://index.docker.io/v1/";
  private static final List<String> HUB_ALIASES =
      List.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

  /** One file to look in; {@code docker} files match keys by host only. */
  record AuthFile(Path path, boolean docker) {}

  private final List<AuthFile> files;
  private final Map<String, String> env;

  CredentialStore(List<AuthFile> files, Map<String, String> env) {
    this.files = List.copyOf(files);
    this.env = Map.copyOf(env);
  }

  /**
   * The lookup described above.
   *
   * @param authFile {@code --authfile}, if given
   * @param dockerConfigFile Docker's {@code config.json}
   * @param env the environment: {@code REGISTRY_AUTH_FILE}, {@code XDG_RUNTIME_DIR}, and {@code
   *     PATH} for credential helpers
   */
  public static CredentialStore of(
      Optional<Path> authFile, Path dockerConfigFile, Map<String, String> env) {
    List<AuthFile> files = new ArrayList<>();
    authFile.ifPresent(f -> files.add(new AuthFile(f, false)));
    files.add(new AuthFile(dockerConfigFile, true));
    String registryAuthFile = env.get("REGISTRY_AUTH_FILE");
    String runtime = env.get("XDG_RUNTIME_DIR");
    if (registryAuthFile != null && !registryAuthFile.isBlank()) {
      files.add(new AuthFile(Path.of(registryAuthFile), false));
    } else if (runtime != null && !runtime.isBlank()) {
      files.add(new AuthFile(Path.of(runtime, "containers", "auth.json"), false));
    }
    return new CredentialStore(files, env);
  }

  /** The files looked in, for messages: {@code a/config.json, b/auth.json}. */
  public String searched() {
    return files.stream().map(f -> f.path().toString()).collect(Collectors.joining(", "));
  }

  /**
   * The credential for {@code registry} (host[:port], {@code docker.io} for Docker Hub) and {@code
   * repository} (its path inside the registry), or empty for anonymous access.
   *
   * @throws RegistryException {@code CREDENTIALS}: a file that is not valid JSON, a credential
   *     helper not on PATH or failing
   */
  public Optional<Credential> lookup(String registry, String repository) throws RegistryException {
    for (AuthFile f : files) {
      JsonNode root = read(f.path());
      if (root == null) {
        continue;
      }
      Optional<Credential> c = fromFile(f, root, registry, repository);
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }

  private JsonNode read(Path path) throws RegistryException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (Files.isDirectory(path)) {
        throw new RegistryException(Reason.CREDENTIALS, "cannot read " + path + ": a directory");
      }
      throw new RegistryException(
          Reason.CREDENTIALS, "cannot read " + path + ": " + RegistryErrorsText.oneLine(e), e);
    }
    if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      return null;
    }
    try {
      JsonNode root = JsonTrees.read(bytes);
      if (root == null || !root.isObject()) {
        throw new RegistryException(Reason.CREDENTIALS, "invalid " + path + ": not a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      // Only the position: Jackson's message may quote the file's content, a secret maybe.
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new RegistryException(
          Reason.CREDENTIALS, "invalid " + path + ": not valid JSON" + where);
    } catch (IOException e) {
      throw new RegistryException(Reason.CREDENTIALS, "cannot read " + path, e);
    }
  }

  private Optional<Credential> fromFile(
      AuthFile f, JsonNode root, String registry, String repository) throws RegistryException {
    boolean hub = registry.equals("docker.io") || HUB_ALIASES.contains(registry);
    List<String> hosts = hub ? withHubKeys() : List.of(registry);
    JsonNode helpers = root.path("credHelpers");
    for (String h : hosts) {
      if (helpers.path(h).isTextual() && !helpers.path(h).asText().isBlank()) {
        String name = helpers.path(h).asText().trim();
        return CredentialHelper.get(
            name, hub ? HUB_KEY : registry, "credHelpers in " + f.path(), env);
      }
    }
    String store = root.path("credsStore").asText("").trim();
    if (f.docker() && !store.isEmpty()) {
      return CredentialHelper.get(
          store, hub ? HUB_KEY : registry, "credsStore in " + f.path(), env);
    }
    JsonNode auths = root.path("auths");
    if (!auths.isObject()) {
      return Optional.empty();
    }
    JsonNode best = null;
    int bestLength = -1;
    for (Map.Entry<String, JsonNode> e : auths.properties()) {
      String key = e.getKey().toLowerCase(Locale.ROOT).trim();
      int specificity = match(key, f.docker(), hosts, repository);
      if (specificity > bestLength) {
        best = e.getValue();
        bestLength = specificity;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    return entry(best, f.path(), registry);
  }

  private static List<String> withHubKeys() {
    List<String> keys = new ArrayList<>(HUB_ALIASES);
    keys.add(HUB_KEY);
    return keys;
  }

  /** How well {@code key} names the registry: -1 not at all, else the length of what it named. */
  private static int match(String key, boolean docker, List<String> hosts, String repository) {
    String k = key;
    if (k.startsWith("https://")) {
      k = k.substring("https://".length());
      if (docker || k.contains("/v1") || k.contains("/v2")) {
        k = k.contains("/") ? k.substring(0, k.indexOf('/')) : k;
      }
    } else if (k.startsWith("http://")) {
      k = k.substring("http://".length());
      k = k.contains("/") ? k.substring(0, k.indexOf('/')) : k;
    }
    if (docker && k.contains("/")) {
      k = k.substring(0, k.indexOf('/'));
    }
    while (k.endsWith("/")) {
      k = k.substring(0, k.length() - 1);
    }
    for (String host : hosts) {
      if (k.equals(host)) {
        return host.length();
      }
      String full = host + "/" + repository;
      if (!docker && (full.equals(k) || full.startsWith(k + "/")) && k.startsWith(host + "/")) {
        return k.length();
      }
    }
    return -1;
  }

  private static Optional<Credential> entry(JsonNode e, Path file, String registry)
      throws RegistryException {
    String source = file.toString();
    String identity = e.path("identitytoken").asText("");
    String auth = e.path("auth").asText("");
    String user = e.path("username").asText("");
    String password = e.path("password").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException ex) {
        throw new RegistryException(
            Reason.CREDENTIALS,
            "invalid " + file + ": the auth entry for " + registry + " is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new RegistryException(
            Reason.CREDENTIALS,
            "invalid " + file + ": the auth entry for " + registry + " is not user:password");
      }
      user = decoded.substring(0, colon);
      password = decoded.substring(colon + 1);
    }
    if (!identity.isEmpty()) {
      return Optional.of(new Credential("<token>", identity, source));
    }
    if (user.isEmpty() && password.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Credential(user, password, source));
  }
}
