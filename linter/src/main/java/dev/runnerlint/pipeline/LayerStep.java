package dev.runnerlint.pipeline;

import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.layer.CapturePolicy;
import dev.runnerlint.layer.LayerReader;
import dev.runnerlint.layer.LayerVisitor;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageSource;

/**
 * Reads ONE layer of an image into a visitor: the seam where a layer cache (replay a layer read
 * before, keyed by its digest and the capture policy) or parallel layer reading (read into a
 * recorder on another thread, replay in order) plugs in. {@link ImageReader} calls it once per
 * layer, in order, between {@code beginLayer} and {@code endLayer} of its tree builder.
 */
@FunctionalInterface
public interface LayerStep {

  /**
   * Streams layer {@code index} of {@code image} from {@code source} into {@code into}: every
   * entry, to the end of the blob, verified.
   *
   * @throws ImageReadException one line naming the image, the layer and the cause
   */
  void read(
      ImageSource source, PlatformImage image, int index, CapturePolicy policy, LayerVisitor into)
      throws ImageReadException;

  /**
   * Called by {@link ImageReader} before the first {@link #read} of an image: a step that reads
   * ahead starts on the image's layers here. The default does nothing.
   */
  default void prepare(ImageSource source, PlatformImage image, CapturePolicy policy) {}

  /**
   * Called by {@link ImageReader} after the last {@link #read} of an image, or when reading it
   * failed: a step drops what it still holds for the image. The default does nothing.
   */
  default void finish(PlatformImage image) {}

  /** The default: the blob is streamed once from the source, verified and walked as it arrives. */
  static LayerStep streaming() {
    return streaming(LayerReader.DEFAULT_MAX_LAYER_SIZE);
  }

  /** Streaming, refusing a layer whose uncompressed tar is larger than {@code maxLayerSize}. */
  static LayerStep streaming(long maxLayerSize) {
    return new StreamingLayerStep(maxLayerSize);
  }
}
