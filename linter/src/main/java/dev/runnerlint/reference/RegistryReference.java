package dev.runnerlint.reference;

import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import java.util.Optional;
import java.util.Set;

/**
 * An image in a registry: {@code [docker://]REGISTRY/NAME[:TAG][@DIGEST]}, validated by Jib's
 * reference grammar. Docker Hub short names are expanded as Docker does: {@code ubuntu} means
 * {@code docker.io/library/ubuntu:latest}.
 *
 * @param registry host[:port], {@code docker.io} for Docker Hub
 * @param name the repository path inside the registry, e.g. {@code acme/runner}
 * @param tag the tag; empty only when a digest is given without one
 * @param digest the digest ({@code sha256:…}) when pinned
 * @param text the reference as the user wrote it
 */
public record RegistryReference(
    String registry, String name, Optional<String> tag, Optional<String> digest, String text)
    implements ImageReference {

  public static final String DOCKER_HUB = "docker.io";
  private static final String JIB_DOCKER_HUB = "registry-1.docker.io";

  /** skopeo's transports runnerlint does not read: named so the message can say so. */
  private static final Set<String> OTHER_TRANSPORTS =
      Set.of("containers-storage", "dir", "ostree", "sif", "tarball", "docker");

  /** Parses {@code [docker://]REGISTRY/NAME[:TAG][@DIGEST]}. */
  public static RegistryReference parse(String text) {
    String t = text.trim();
    String body = t.startsWith("docker://") ? t.substring("docker://".length()) : t;
    int colon = body.indexOf(':');
    String afterColon = colon < 0 ? "" : body.substring(colon + 1);
    // "dir:/tmp", "docker-daemon:img:tag" name a transport; "docker:5000/img" is a host and port.
    if (colon > 0
        && ((OTHER_TRANSPORTS.contains(body.substring(0, colon))
                && !afterColon.matches("\\d+(/.*)?"))
            || (body.substring(0, colon).matches("[a-z][a-z0-9-]*")
                && afterColon.startsWith("/")))) {
      throw ImageReference.unsupportedTransport(text, body.substring(0, colon));
    }
    // Jib's grammar has no bracketed IPv6 hosts: validate the rest with a stand-in host.
    String ipv6Host = null;
    if (body.startsWith("[")) {
      int close = body.indexOf(']');
      int slash = body.indexOf('/');
      if (close < 0 || slash < close) {
        throw invalid(text, "unterminated IPv6 host");
      }
      ipv6Host = body.substring(0, close + 1);
      body = "ipv6-host" + body.substring(close + 1);
    }
    com.google.cloud.tools.jib.api.ImageReference jib;
    try {
      jib = com.google.cloud.tools.jib.api.ImageReference.parse(body);
    } catch (InvalidImageReferenceException e) {
      throw invalid(text, "expected [REGISTRY/]NAME[:TAG][@DIGEST] in lower case");
    }
    String registry = jib.getRegistry();
    String host = registry.contains(":") ? registry.substring(0, registry.indexOf(':')) : registry;
    if (ipv6Host != null && host.equals("ipv6-host")) {
      registry = ipv6Host + registry.substring(host.length());
    }
    String name = jib.getRepository();
    if (registry.equals(JIB_DOCKER_HUB) || registry.equals("index.docker.io")) {
      registry = DOCKER_HUB;
      if (!name.contains("/")) {
        name = "library/" + name;
      }
    }
    if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
      throw invalid(text, "repository name '" + name + "' must be lowercase");
    }
    try {
      // Jib's parse accepts some names its own constructor rejects; check the whole reference now,
      // so that nothing later (credentials, the client) meets an invalid one.
      com.google.cloud.tools.jib.api.ImageReference.of(
          ipv6Host != null && registry.startsWith("[") ? jib.getRegistry() : jibRegistry(registry),
          name,
          jib.getTag().orElse(null),
          jib.getDigest().orElse(null));
    } catch (IllegalArgumentException e) {
      throw invalid(text, "expected [REGISTRY/]NAME[:TAG][@DIGEST] in lower case");
    }
    return new RegistryReference(registry, name, jib.getTag(), jib.getDigest(), t);
  }

  private static String jibRegistry(String registry) {
    return registry.equals(DOCKER_HUB) ? JIB_DOCKER_HUB : registry;
  }

  /** True when the registry host is a bracketed IPv6 address, e.g. {@code [::1]:5000}. */
  public boolean isIpv6() {
    return registry.startsWith("[");
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return ImageReference.invalid(text, why);
  }

  /** {@code REGISTRY/NAME}, without tag or digest. */
  @Override
  public String repository() {
    return registry + "/" + name;
  }

  /** The digest when pinned, else the tag: what to ask the registry's manifest endpoint for. */
  public String qualifier() {
    return digest.orElseGet(() -> tag.orElse("latest"));
  }

  /** The host without the port, e.g. {@code 127.0.0.1}, {@code [::1]}. */
  public String host() {
    if (registry.startsWith("[")) {
      return registry.substring(0, registry.indexOf(']') + 1);
    }
    int colon = registry.indexOf(':');
    return colon < 0 ? registry : registry.substring(0, colon);
  }

  /**
   * True for registries on the loopback interface ({@code localhost}, {@code 127.0.0.0/8}, {@code
   * [::1]}), which are reached over plain HTTP, as Docker does.
   */
  public boolean isLoopback() {
    String h = host();
    return h.equals("localhost")
        || h.equals("[::1]")
        || h.matches("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");
  }

  /** The registry host name Jib's client talks to ({@code registry-1.docker.io} for Hub). */
  public String jibRegistry() {
    return jibRegistry(registry);
  }

  /**
   * The same reference as Jib's type, for Jib's credential lookup. Not for an {@linkplain #isIpv6
   * IPv6} registry, which Jib's type cannot hold.
   */
  public com.google.cloud.tools.jib.api.ImageReference toJib() {
    return com.google.cloud.tools.jib.api.ImageReference.of(
        jibRegistry(), name, tag.orElse(null), digest.orElse(null));
  }

  /** The canonical form, e.g. {@code docker.io/library/ubuntu:latest}. */
  public String canonical() {
    return repository() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }

  @Override
  public String identity() {
    return "docker://" + repository() + ":" + tag.orElse("") + digest.map(d -> "@" + d).orElse("");
  }

  @Override
  public String toString() {
    return text;
  }
}
