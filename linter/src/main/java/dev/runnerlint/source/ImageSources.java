package dev.runnerlint.source;

import dev.runnerlint.reference.DockerArchiveReference;
import dev.runnerlint.reference.DockerDaemonReference;
import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.reference.OciArchiveReference;
import dev.runnerlint.reference.OciLayoutReference;
import dev.runnerlint.reference.RegistryReference;
import dev.runnerlint.source.daemon.DaemonSource;
import java.util.Optional;

/** Opens the {@link ImageSource} for a reference; the one place that knows the five kinds. */
public final class ImageSources {

  private ImageSources() {}

  /**
   * Opens the image. Local sources check that the file or directory is there; nothing is read from
   * a registry or a daemon until {@link ImageSource#resolve}.
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
    } else if (reference instanceof DockerDaemonReference r) {
      return DaemonSource.open(r, options.daemon(), options.dockerConfigDir(), options.timeout());
    }
    throw new IllegalStateException("unknown reference kind " + reference.getClass());
  }

  /**
   * {@code docker save} output that is only a stream (a daemon's {@code GET /images/NAME/get}
   * body): the {@code docker-archive:} source over a {@link TarOpener}.
   *
   * @param name the image as the user named it
   * @param repository its repository, for reports
   * @param repoTag the image of the archive to read, when it holds several
   */
  public static ImageSource dockerArchive(
      String name, String repository, Optional<String> repoTag, TarOpener opener)
      throws ImageReadException {
    return DockerArchiveSource.open(name, repository, repoTag, opener);
  }

  /** An OCI image layout archive that is only a stream: the {@code oci-archive:} source. */
  public static ImageSource ociArchive(
      String name, String repository, Optional<String> ref, TarOpener opener)
      throws ImageReadException {
    return OciLayoutSource.open(name, repository, ref, TarOpener.stream(opener, name));
  }
}
