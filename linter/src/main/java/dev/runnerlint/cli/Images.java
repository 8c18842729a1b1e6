package dev.runnerlint.cli;

import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageSource;
import dev.runnerlint.source.ImageSources;

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
    return ImageSources.open(reference, options.sourceOptions());
  }
}
