package dev.runnerlint.source.registry;

/**
 * A registry credential and where it came from. {@link #toString()} never shows the secret.
 *
 * @param username the user name; {@code <token>} means {@code secret} is an identity (OAuth2
 *     refresh) token, as in Docker's config
 * @param source where it came from, for messages, e.g. {@code /home/u/.docker/config.json} or
 *     {@code credential helper docker-credential-pass (credHelpers in /home/u/.docker/config.json)}
 */
public record Credential(String username, String secret, String source) {

  public boolean isIdentityToken() {
    return "<token>".equals(username);
  }

  @Override
  public String toString() {
    return "credential for " + username + " from " + source;
  }
}
