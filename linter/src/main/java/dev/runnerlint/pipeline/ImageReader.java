package dev.runnerlint.pipeline;

import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.LayerOrigin;
import dev.runnerlint.fs.TreeBuilder;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.layer.CapturePolicy;
import dev.runnerlint.layer.LayerFormatException;
import dev.runnerlint.layer.LayerReader;
import dev.runnerlint.layer.UnsupportedLayerException;
import dev.runnerlint.source.BlobVerificationException;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageReadException.Kind;
import dev.runnerlint.source.ImageSource;
import dev.runnerlint.source.PlatformImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Reads every layer of one platform image, in order, into its merged filesystem view. Each blob is
 * streamed once: verified by the source, decompressed and walked by {@link LayerReader}, applied by
 * a {@link TreeBuilder}. Fails closed: an image is returned only when every layer was read to its
 * end and verified.
 *
 * <p>Layers are read one after the other on the calling thread. Decompression and hashing of a
 * layer can later overlap by handing {@link LayerReader} a read-ahead stream over the source's
 * verified blob (hashing on another thread); nothing here depends on the stream being synchronous.
 */
public final class ImageReader {

  private final long maxLayerSize;

  /** A reader with the default bound on a layer's uncompressed size (16 GiB). */
  public ImageReader() {
    this(LayerReader.DEFAULT_MAX_LAYER_SIZE);
  }

  /**
   * @param maxLayerSize the most bytes one layer's uncompressed tar may have ({@code
   *     --max-layer-size}); a layer inflating past it fails the image as {@link Kind#CORRUPT}
   */
  public ImageReader(long maxLayerSize) {
    this.maxLayerSize = maxLayerSize;
  }

  /** Reads the image with {@link CapturePolicy#defaults()}. */
  public LoadedImage read(ImageSource source, PlatformImage image) throws ImageReadException {
    return read(source, image, CapturePolicy.defaults());
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
    String name = image.reference();
    LayerReader reader = new LayerReader(policy, maxLayerSize);
    TreeBuilder builder = new TreeBuilder();
    List<Descriptor> layers = image.layers();
    for (int i = 0; i < layers.size(); i++) {
      Descriptor layer = layers.get(i);
      String where = describe(image, i, layer);
      if (MediaTypes.isForeignLayer(layer.mediaType())) {
        throw new ImageReadException(
            Kind.UNSUPPORTED,
            name,
            where
                + ": foreign or non-distributable layer ("
                + layer.mediaType()
                + "): its content is not part of the image");
      }
      builder.beginLayer(new LayerOrigin(i, layer.digest(), image.config().createdByForLayer(i)));
      try (InputStream blob = source.openBlob(layer)) {
        reader.read(blob, layer.mediaType(), builder);
      } catch (BlobVerificationException e) {
        throw new ImageReadException(
            Kind.DIGEST_MISMATCH, name, where + ": " + oneLine(e, "digest mismatch"), e);
      } catch (UnsupportedLayerException e) {
        throw new ImageReadException(Kind.UNSUPPORTED, name, where + ": " + oneLine(e, ""), e);
      } catch (LayerFormatException e) {
        throw new ImageReadException(Kind.CORRUPT, name, where + ": " + oneLine(e, ""), e);
      } catch (IOException | UncheckedIOException e) {
        throw new ImageReadException(
            Kind.IO, name, where + ": read failed: " + oneLine(e, e.getClass().getSimpleName()), e);
      }
      builder.endLayer();
    }
    FileTree tree = builder.build();
    return new LoadedImage(image, tree);
  }

  private static String describe(PlatformImage image, int index, Descriptor layer) {
    return "layer "
        + index
        + " ("
        + layer.digest().algorithm()
        + ":"
        + layer.digest().shortHex()
        + ") of "
        + image.platform();
  }

  private static String oneLine(Throwable e, String fallback) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = fallback;
    }
    return m.replaceAll("\\s+", " ").trim();
  }
}
