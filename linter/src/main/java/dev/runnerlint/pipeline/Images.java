package dev.runnerlint.pipeline;

import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageSource;
import dev.runnerlint.source.ImageSources;
import dev.runnerlint.source.SourceOptions;

/** Parses an image reference as the user wrote it and opens its source. */
final class Images {
  private Images() {}

  static ImageSource open(String text, SourceOptions options) throws ImageReadException {
    return ImageSources.open(parse(text), options);
  }

  static ImageReference parse(String text) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidReferenceException(e.getMessage(), e);
    }
  }

  /** The repository of a reference for an unreadable image's result; the text when it has none. */
  static String repositoryOf(String text) {
    try {
      return ImageReference.parse(text).repository();
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
