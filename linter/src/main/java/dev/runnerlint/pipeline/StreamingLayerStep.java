package dev.runnerlint.pipeline;

import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.MediaTypes;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.io.Messages;
import dev.runnerlint.layer.CapturePolicy;
import dev.runnerlint.layer.LayerFormatException;
import dev.runnerlint.layer.LayerReader;
import dev.runnerlint.layer.LayerVisitor;
import dev.runnerlint.layer.UnsupportedLayerException;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageReadException.Kind;
import dev.runnerlint.source.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@link LayerStep#streaming()}: opens the layer's blob (the source verifies it as it is read),
 * decompresses and walks it with {@link LayerReader}, and maps every failure to one line.
 */
final class StreamingLayerStep implements LayerStep {

  private final long maxLayerSize;

  StreamingLayerStep(long maxLayerSize) {
    this.maxLayerSize = maxLayerSize;
  }

  @Override
  public void read(
      ImageSource source, PlatformImage image, int index, CapturePolicy policy, LayerVisitor into)
      throws ImageReadException {
    String name = image.reference();
    Descriptor layer = image.layers().get(index);
    if (MediaTypes.isForeignLayer(layer.mediaType())) {
      throw ImageReadException.foreignLayer(name, index, layer);
    }
    String where = describe(image, index, layer);
    try (InputStream blob = source.openBlob(layer)) {
      new LayerReader(policy, maxLayerSize).read(blob, layer.mediaType(), into);
    } catch (BlobVerificationException e) {
      throw new ImageReadException(
          Kind.DIGEST_MISMATCH, name, where + ": " + Messages.oneLine(e, "digest mismatch"), e);
    } catch (UnsupportedLayerException e) {
      throw new ImageReadException(
          Kind.UNSUPPORTED, name, where + ": " + Messages.oneLine(e, ""), e);
    } catch (LayerFormatException e) {
      throw new ImageReadException(Kind.CORRUPT, name, where + ": " + Messages.oneLine(e, ""), e);
    } catch (IOException | UncheckedIOException e) {
      throw new ImageReadException(
          Kind.IO,
          name,
          where + ": read failed: " + Messages.oneLine(e, e.getClass().getSimpleName()),
          e);
    }
  }

  /** {@code layer INDEX (sha256:SHORT) of PLATFORM}: where a layer failure happened. */
  static String describe(PlatformImage image, int index, Descriptor layer) {
    return "layer "
        + index
        + " ("
        + layer.digest().algorithm()
        + ":"
        + layer.digest().shortHex()
        + ") of "
        + image.platform();
  }
}
