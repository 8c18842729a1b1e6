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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.LongConsumer;

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
    read(source, image, index, policy, into, null);
  }

  /**
   * Reads like {@link #read(ImageSource, PlatformImage, int, CapturePolicy, LayerVisitor)}, telling
   * {@code progress} the blob's bytes read so far after every read of the blob stream.
   */
  void read(
      ImageSource source,
      PlatformImage image,
      int index,
      CapturePolicy policy,
      LayerVisitor into,
      LongConsumer progress)
      throws ImageReadException {
    String name = image.reference();
    Descriptor layer = image.layers().get(index);
    if (MediaTypes.isForeignLayer(layer.mediaType())) {
      throw ImageReadException.foreignLayer(name, index, layer);
    }
    String where = describe(image, index, layer);
    try (InputStream opened = source.openBlob(layer);
        InputStream blob = progress == null ? opened : new CountingInputStream(opened, progress)) {
      new LayerReader(policy, maxLayerSize).read(blob, layer.mediaType(), layer.size(), into);
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

  /** Tells a consumer the bytes read so far, once per read call (buffers: no per-byte work). */
  private static final class CountingInputStream extends FilterInputStream {
    private final LongConsumer progress;
    private long count;

    CountingInputStream(InputStream in, LongConsumer progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        progress.accept(++count);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
        progress.accept(count);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      if (skipped > 0) {
        count += skipped;
        progress.accept(count);
      }
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
