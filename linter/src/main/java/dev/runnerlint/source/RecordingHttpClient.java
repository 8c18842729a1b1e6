package dev.runnerlint.source;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import java.io.IOException;
import java.net.URL;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Jib's HTTP client, remembering the last successful manifest request Jib made (its URL, and the
 * request with the Accept and Authorization headers Jib's auth flow settled on). Jib's {@code
 * pullManifest} parses the body into its own templates (strictly: an unknown field such as an index
 * entry's {@code annotations} in a Docker manifest list fails it) and keeps no bytes, so {@link
 * RegistrySource} replays that request to get the manifest's exact bytes, which it parses and
 * verifies itself.
 */
final class RecordingHttpClient extends FailoverHttpClient {

  /** A manifest request that succeeded. */
  record ManifestRequest(URL url, Request request) {}

  private volatile ManifestRequest lastManifest;

  /**
   * @param insecure allow plain HTTP and unverified TLS, and send credentials over HTTP: only for
   *     loopback registries and those named insecure
   */
  RecordingHttpClient(boolean insecure, Consumer<LogEvent> logger) {
    super(insecure, insecure, logger);
  }

  @Override
  public Response call(String httpMethod, URL url, Request request) throws IOException {
    Response response = super.call(httpMethod, url, request);
    if ("GET".equals(httpMethod) && url.getPath().contains("/manifests/")) {
      lastManifest = new ManifestRequest(url, request);
    }
    return response;
  }

  Optional<ManifestRequest> lastManifest() {
    return Optional.ofNullable(lastManifest);
  }

  /** True when a GET of the manifest named {@code qualifier} (tag or digest) has succeeded. */
  boolean fetched(String qualifier) {
    ManifestRequest last = lastManifest;
    return last != null && last.url().getPath().endsWith("/manifests/" + qualifier);
  }
}
