package dev.runnerlint.source;

import dev.runnerlint.reference.DockerArchiveReference;
import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.reference.OciArchiveReference;
import dev.runnerlint.reference.OciLayoutReference;
import dev.runnerlint.reference.RegistryReference;

/** Opens the {@link ImageSource} for a reference; the one place that knows the four kinds. */
public final class ImageSources {

  private ImageSources() {}

  /**
   * Opens the image. Local sources check that the file or directory is there; nothing is read from
   * a registry until {@link ImageSource#resolve}.
   */
  public static ImageSource open(ImageReference reference, SourceOptions options)
      throws ImageReadException {
    if (reference instanceof RegistryReference r) {
      return new RegistrySource(r, options);
    } else if (reference instanceof OciLayoutReference r) {
      return OciLayoutSource.open(r);
    } else if (reference instanceof OciArchiveReference r) {
      return OciLayoutSource.open(r);
    } else if (reference instanceof DockerArchiveReference r) {
      return DockerArchiveSource.open(r);
    }
    throw new IllegalStateException("unknown reference kind " + reference.getClass());
  }
}
