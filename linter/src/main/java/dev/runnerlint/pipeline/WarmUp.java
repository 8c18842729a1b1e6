package dev.runnerlint.pipeline;

import dev.runnerlint.image.ConfigParser;
import dev.runnerlint.image.Digest;
import dev.runnerlint.image.ManifestParser;
import dev.runnerlint.source.registry.HttpTransport;
import java.nio.charset.StandardCharsets;

/**
 * Loads and initialises what reading an image needs first — the reference grammar, SHA-256, the
 * JSON parser, the HTTP client's classes — on the calling thread, so a CLI can do it on another
 * core while it parses its command line (a warm lint is mostly a cold JVM's first calls;
 * docs/performance.md). It reads no file and connects nowhere; any failure is ignored (the real
 * call will meet it).
 */
public final class WarmUp {

  private static final byte[] CONFIG =
      "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"runner\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
          .getBytes(StandardCharsets.UTF_8);

  private WarmUp() {}

  /** Does the warm-up; returns when done. */
  public static void run() {
    try {
      Images.parse("127.0.0.1:9/warm-up/image:1");
      Digest digest = Digest.compute("sha256", CONFIG);
      String manifest =
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
              + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
              + "\"digest\":\""
              + digest
              + "\",\"size\":"
              + CONFIG.length
              + "},\"layers\":[]}";
      ManifestParser.parse(manifest.getBytes(StandardCharsets.UTF_8), null);
      ConfigParser.parse(CONFIG);
      HttpTransport.prepare(); // its own set-up first, then the JDK's HTTP classes
    } catch (Exception | LinkageError e) {
      // only a head start: the real call meets the same problem and reports it
    }
  }
}
