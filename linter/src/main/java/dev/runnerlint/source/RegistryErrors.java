package dev.runnerlint.source;

import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.image.json.UnknownManifestFormatException;
import dev.runnerlint.io.Messages;
import dev.runnerlint.reference.RegistryReference;
import dev.runnerlint.source.ImageReadException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Turns what Jib's registry client throws into an {@link ImageReadException} with one line a user
 * can act on: not found, unauthorized (naming the credential source tried), network or TLS.
 */
final class RegistryErrors {

  private final RegistryReference reference;
  private final RegistryCredentials credentials;

  RegistryErrors(RegistryReference reference, RegistryCredentials credentials) {
    this.reference = reference;
    this.credentials = credentials;
  }

  /**
   * @param what what was being fetched, e.g. {@code manifest} or {@code blob sha256:…}
   */
  ImageReadException map(Throwable failure, String what) {
    String image = reference.toString();
    String registry = reference.registry();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RegistryUnauthorizedException
          || t instanceof RegistryAuthenticationFailedException) {
        return new ImageReadException(
            Kind.UNAUTHORIZED, image, credentials.refusal(registry), failure);
      }
      if (t instanceof UnknownManifestFormatException) {
        return new ImageReadException(
            Kind.UNSUPPORTED, image, "unsupported manifest: " + t.getMessage(), failure);
      }
      if (t instanceof InsecureRegistryException) {
        return new ImageReadException(
            Kind.NETWORK,
            image,
            "TLS verification failed for "
                + registry
                + " (use --insecure-registry "
                + registry
                + " if you trust it)",
            failure);
      }
      if (t instanceof UnknownHostException) {
        return new ImageReadException(
            Kind.NETWORK, image, "unknown host " + reference.host(), failure);
      }
      if (t instanceof ConnectException) {
        return new ImageReadException(
            Kind.NETWORK, image, "cannot connect to " + registry + ": " + oneLine(t), failure);
      }
      if (t instanceof SocketTimeoutException) {
        return new ImageReadException(
            Kind.NETWORK, image, "timed out talking to " + registry, failure);
      }
      if (t instanceof SSLException) {
        return new ImageReadException(
            Kind.NETWORK, image, "TLS failure with " + registry + ": " + oneLine(t), failure);
      }
      int status = status(t);
      if (status == 401 || status == 403) {
        return new ImageReadException(
            Kind.UNAUTHORIZED, image, credentials.refusal(registry), failure);
      }
      if (status == 404) {
        return new ImageReadException(Kind.NOT_FOUND, image, notFound(t, what), failure);
      }
      if (status >= 400) {
        return new ImageReadException(
            Kind.NETWORK, image, "registry answered HTTP " + status + " for " + what, failure);
      }
    }
    return new ImageReadException(
        failure instanceof IOException ? Kind.NETWORK : Kind.IO,
        image,
        "cannot read " + what + " from " + registry + ": " + oneLine(failure),
        failure);
  }

  private String notFound(Throwable t, String what) {
    String body = t instanceof ResponseException r ? r.getContent() : "";
    body = body == null ? "" : body;
    String repo = reference.repository();
    if (body.contains("NAME_UNKNOWN")) {
      return "name unknown: repository " + repo + " not found";
    }
    if (what.equals("manifest")) {
      return reference.digest().isPresent()
          ? "manifest unknown: digest " + reference.digest().get() + " not found in " + repo
          : "manifest unknown: tag '" + reference.qualifier() + "' not found in " + repo;
    }
    return what + " not found in " + repo;
  }

  private static int status(Throwable t) {
    return t instanceof ResponseException r ? r.getStatusCode() : 0;
  }

  static String oneLine(Throwable t) {
    return Messages.firstLine(t);
  }
}
