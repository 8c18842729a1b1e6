package dev.runnerlint.source;

import dev.runnerlint.fixtures.Compression;
import dev.runnerlint.fixtures.FixtureImage;
import dev.runnerlint.fixtures.Layer;
import dev.runnerlint.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fixture images and helpers shared by the source tests. */
final class Images {

  private Images() {}

  /** A small runner-like image for one platform with one layer of the given compression. */
  static FixtureImage runner(String platform, Compression compression, String marker) {
    return FixtureImage.builder()
        .platform(platform)
        .user("runner")
        .workingDir("/actions-runner")
        .env("HOME=/home/runner")
        .layer(
            Layer.builder()
                .compression(compression)
                .createdBy("COPY run.sh")
                .dir("/actions-runner", 0755, 1001, 1001)
                .file(
                    "/actions-runner/run.sh",
                    "#!/bin/bash\necho " + marker + "\n",
                    0755,
                    1001,
                    1001)
                .build())
        .build();
  }

  static FixtureImage runner(String platform) {
    return runner(platform, Compression.GZIP, platform);
  }

  /** Reads a blob through the source to its end. */
  static byte[] read(ImageSource source, Descriptor blob) throws Exception {
    try (InputStream in = source.openBlob(blob)) {
      return in.readAllBytes();
    }
  }

  /** Flips one byte in the middle of a file, keeping its size. */
  static void corrupt(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(file, bytes);
  }
}
