package dev.runnerlint.source;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import com.google.cloud.tools.jib.registry.credentials.DockerConfigCredentialRetriever;
import dev.runnerlint.reference.RegistryReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The credential for a registry from the Docker config ({@code auths}, {@code credHelpers}, {@code
 * credsStore}) in the configured directory — Jib's default would ignore {@code DOCKER_CONFIG} —
 * with a description of where it came from, for messages. Never holds a secret in its description.
 *
 * @param credential empty for anonymous access
 * @param source e.g. {@code /home/u/.docker/config.json} or {@code credential helper
 *     docker-credential-pass (set in /home/u/.docker/config.json)}
 */
record RegistryCredentials(Optional<Credential> credential, String source) {

  static RegistryCredentials lookup(RegistryReference reference, Path configFile)
      throws CredentialRetrievalException {
    List<String> messages = new ArrayList<>();
    Optional<Credential> credential;
    if (reference.isIpv6()) {
      // Jib's ImageReference cannot hold a bracketed IPv6 host; its Docker-config retriever takes
      // the registry as a string.
      try {
        credential =
            DockerConfigCredentialRetriever.create(reference.jibRegistry(), configFile)
                .retrieve((LogEvent e) -> messages.add(e.getMessage()));
      } catch (java.io.IOException e) {
        throw new CredentialRetrievalException(e);
      }
    } else {
      credential =
          CredentialRetrieverFactory.forImage(
                  reference.toJib(), (LogEvent e) -> messages.add(e.getMessage()))
              .dockerConfig(configFile)
              .retrieve();
    }
    String source = configFile.toString();
    for (String m : messages) {
      int helper = m.indexOf("credential helper ");
      if (m.startsWith("Using ") && helper >= 0) {
        String name = m.substring(helper + "credential helper ".length()).split(" ", 2)[0];
        source = "credential helper " + name + " (set in " + configFile + ")";
      }
    }
    return new RegistryCredentials(credential, source);
  }

  /** What to say when the registry refused access. */
  String refusal(String registry) {
    return credential.isPresent()
        ? "unauthorized: credentials from " + source + " were rejected"
        : "unauthorized: no credentials for "
            + registry
            + " in "
            + source
            + " (anonymous access refused)";
  }
}
