package dev.runnerlint.pipeline;

import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.Messages;
import dev.runnerlint.layer.CapturePolicy;
import dev.runnerlint.layer.LayerFormatException;
import dev.runnerlint.layer.LayerVisitor;
import dev.runnerlint.layer.RecordedLayer;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageReadException.Kind;
import dev.runnerlint.source.ImageSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A {@link LayerStep} that reads ahead: {@link #prepare} asks the {@link LayerStore} for every
 * layer of the image at once (fetched, verified, inflated and indexed concurrently, or taken from
 * the cache), {@link #read} waits for layer {@code index} and replays it into the tree builder, so
 * layers are merged in order. A layer that failed fails the image with its own message.
 */
public final class ConcurrentLayerStep implements LayerStep {

  private final LayerStore store;
  private final int window;
  private final Map<PlatformImage, List<CompletableFuture<RecordedLayer>>> pending =
      new IdentityHashMap<>();

  /** Reads ahead at most {@link LayerStore#threads()} layers beyond the one being merged. */
  public ConcurrentLayerStep(LayerStore store) {
    this.store = store;
    this.window = store.threads();
  }

  @Override
  public void prepare(ImageSource source, PlatformImage image, CapturePolicy policy) {
    // A window of layers ahead, not all: the recordings waiting to be merged stay few (memory).
    store.imageStarted(image);
    List<CompletableFuture<RecordedLayer>> futures = new ArrayList<>();
    for (int i = 0; i < image.layers().size(); i++) {
      futures.add(i < window ? store.layer(source, image, i, policy) : null);
    }
    synchronized (pending) {
      pending.put(image, futures);
    }
  }

  @Override
  public void read(
      ImageSource source, PlatformImage image, int index, CapturePolicy policy, LayerVisitor into)
      throws ImageReadException {
    CompletableFuture<RecordedLayer> future;
    synchronized (pending) {
      List<CompletableFuture<RecordedLayer>> futures = pending.get(image);
      future = futures == null ? null : futures.set(index, null);
      int ahead = index + window;
      if (futures != null && ahead < futures.size() && futures.get(ahead) == null) {
        futures.set(ahead, store.layer(source, image, ahead, policy));
      }
    }
    if (future == null) {
      future = store.layer(source, image, index, policy);
    }
    RecordedLayer layer;
    try {
      layer = future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageReadException(Kind.IO, image.reference(), "interrupted", e);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ImageReadException ire) {
        throw ire;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
    String where = StreamingLayerStep.describe(image, index, image.layers().get(index));
    try {
      layer.replay(into);
    } catch (LayerFormatException e) {
      // what the merged tree refuses (e.g. a hard link to nothing): the same line as when streaming
      throw new ImageReadException(
          Kind.CORRUPT, image.reference(), where + ": " + Messages.oneLine(e, ""), e);
    } catch (IOException e) {
      throw new ImageReadException(
          Kind.IO, image.reference(), where + ": " + Messages.oneLine(e, "read failed"), e);
    }
  }

  @Override
  public void finish(PlatformImage image) {
    List<CompletableFuture<RecordedLayer>> left;
    synchronized (pending) {
      left = pending.remove(image);
    }
    if (left != null) {
      // the image failed: wait for what was started, so its source is not closed under a reader
      for (CompletableFuture<RecordedLayer> f : left) {
        if (f != null) {
          f.handle((r, e) -> null).join();
        }
      }
    }
    store.imageFinished(image);
  }
}
