package dev.runnerlint.cli;

import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageSource;
import dev.runnerlint.source.ImageSources;
import dev.runnerlint.source.SourceOptions;
import java.util.Set;

/** Opens image references named on the command line. */
final class Images {
  private Images() {}

  static ImageSource open(String text, ImageOptions options) throws ImageReadException {
    ImageReference reference;
    try {
      reference = ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    SourceOptions sourceOptions =
        SourceOptions.defaults()
            .withInsecureRegistries(Set.copyOf(options.insecureRegistries))
            .withUserAgent("runnerlint/" + VersionProvider.version());
    return ImageSources.open(reference, sourceOptions);
  }
}
