package dev.runnerlint.layer;

import java.io.IOException;
import java.util.Optional;

/** Receives the entries of one layer in tar order, each with the content captured for it. */
@FunctionalInterface
public interface LayerVisitor {

  /**
   * @param entry the entry, path normalised
   * @param content the bytes captured under the {@link CapturePolicy}, empty when none were asked
   *     for
   */
  void entry(LayerEntry entry, Optional<Content> content) throws IOException;
}
