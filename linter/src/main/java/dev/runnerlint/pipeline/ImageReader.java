package dev.runnerlint.pipeline;

import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.LayerOrigin;
import dev.runnerlint.fs.TreeBuilder;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.layer.CapturePolicy;
import dev.runnerlint.layer.LayerReader;
import dev.runnerlint.rules.LintSettings;
import dev.runnerlint.rules.RuleCatalog;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageReadException.Kind;
import dev.runnerlint.source.ImageSource;
import java.util.List;

/**
 * Reads every layer of one platform image, in order, into its merged filesystem view. Each blob is
 * streamed once: verified by the source, decompressed and walked by {@link LayerReader} (through
 * the {@link LayerStep}), applied by a {@link TreeBuilder}. Fails closed: an image is returned only
 * when every layer was read to its end and verified.
 *
 * <p>Layers are read one after the other on the calling thread; the per-layer work is the {@link
 * LayerStep} given to the constructor, so a cache or parallel reading replaces that step, not this
 * loop.
 */
public final class ImageReader {

  private final LayerStep step;

  /** Reads with {@link LayerStep#streaming()}: the default bound on a layer's size (16 GiB). */
  public ImageReader() {
    this(LayerStep.streaming());
  }

  /**
   * @param maxLayerSize the most bytes one layer's uncompressed tar may have ({@code
   *     --max-layer-size}); a layer inflating past it fails the image as {@link Kind#CORRUPT}
   */
  public ImageReader(long maxLayerSize) {
    this(LayerStep.streaming(maxLayerSize));
  }

  public ImageReader(LayerStep step) {
    this.step = step;
  }

  /** Reads the image capturing what the built-in rules read with the default settings. */
  public LoadedImage read(ImageSource source, PlatformImage image) throws ImageReadException {
    return read(source, image, RuleCatalog.builtin().capturePolicy(LintSettings.defaults()));
  }

  /**
   * Reads every layer of {@code image} from {@code source}.
   *
   * @throws ImageReadException one line naming the image, the layer (index and short digest) and
   *     the cause: {@link Kind#CORRUPT} for bad gzip / zstd / tar, {@link Kind#DIGEST_MISMATCH}
   *     when a blob did not verify, {@link Kind#UNSUPPORTED} for foreign or unknown layer types,
   *     {@link Kind#IO} otherwise
   */
  public LoadedImage read(ImageSource source, PlatformImage image, CapturePolicy policy)
      throws ImageReadException {
    TreeBuilder builder = new TreeBuilder();
    List<Descriptor> layers = image.layers();
    step.prepare(source, image, policy);
    try {
      for (int i = 0; i < layers.size(); i++) {
        Descriptor layer = layers.get(i);
        builder.beginLayer(new LayerOrigin(i, layer.digest(), image.config().createdByForLayer(i)));
        step.read(source, image, i, policy, builder);
        builder.endLayer();
      }
    } finally {
      step.finish(image);
    }
    FileTree tree = builder.build();
    return new LoadedImage(image, tree);
  }
}
