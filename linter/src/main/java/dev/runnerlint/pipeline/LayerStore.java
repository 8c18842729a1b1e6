package dev.runnerlint.pipeline;

import dev.runnerlint.cache.LayerCache;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.io.DaemonThreads;
import dev.runnerlint.layer.CapturePolicy;
import dev.runnerlint.layer.LayerReader;
import dev.runnerlint.layer.RecordedLayer;
import dev.runnerlint.reference.ImageReference;
import dev.runnerlint.reference.RegistryReference;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Where read layers come from, for every image of one run: each distinct layer (verified digest +
 * capture policy key) is read once — from the {@link LayerCache} when it holds it, else fetched,
 * verified, inflated and indexed on a worker thread — and handed to every image that has it.
 *
 * <p>Bounds: {@code threads} layers are read at once, at most {@code perRegistry} of them from one
 * registry (connections). Finished layers stay in memory only in a small LRU (bounded by entries),
 * so a batch reuses the layers it just read without holding every image's index.
 *
 * <p>A read that failed is not kept: the next image asking for the layer reads it again from its
 * own source, and the image that saw the failure fails (fail closed).
 */
public final class LayerStore implements AutoCloseable {

  /** Layers read at once by default: the cores, at least 2, at most 4. */
  public static int defaultThreads() {
    return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  /** Blob downloads at once from one registry. */
  public static final int DEFAULT_PER_REGISTRY = 3;

  private static final long MEMORY_ENTRIES = 64 * 1024;

  /**
   * What a run does, as it happens, for progress displays and tests. Called from the layer worker
   * threads, for several images at once: implementations are thread-safe.
   */
  public interface Listener {
    /** A layer was read from its source ({@code bytes} of blob) or found in the cache. */
    void layer(PlatformImage image, int index, boolean cached, long bytes);

    /** The image's layers are about to be asked for (none is read yet). */
    default void imageStarted(PlatformImage image) {}

    /**
     * Layer {@code index}'s blob is being fetched from its source (not in the cache).
     *
     * @return told the bytes of the blob (as stored: compressed) read so far, after every read of
     *     the blob stream, on the reading thread: it must be cheap (no I/O, no lock)
     */
    default LongConsumer fetching(PlatformImage image, int index) {
      return bytes -> {};
    }

    /** Reading layer {@code index} failed (the image fails). */
    default void failed(PlatformImage image, int index) {}

    /** Nothing more is read for the image: every layer was read, or it failed. */
    default void imageFinished(PlatformImage image) {}
  }

  private final int threads;
  private final ExecutorService pool;
  private final int perRegistry;
  private final Optional<LayerCache> cache;
  private final Consumer<String> debug;
  private final long maxLayerSize;
  private final Map<String, CompletableFuture<RecordedLayer>> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Semaphore> registries = new ConcurrentHashMap<>();
  private final LinkedHashMap<String, RecordedLayer> recent = new LinkedHashMap<>(16, 0.75f, true);
  private long recentEntries;
  private volatile Listener listener = (image, index, cached, bytes) -> {};

  public LayerStore(
      int threads, int perRegistry, Optional<LayerCache> cache, Consumer<String> debug) {
    this(threads, perRegistry, cache, debug, LayerReader.DEFAULT_MAX_LAYER_SIZE);
  }

  /**
   * @param maxLayerSize the most bytes one layer's uncompressed tar may have when it is read
   *     ({@code --max-layer-size}); a cached layer was read whole under the bound of the run that
   *     read it
   */
  public LayerStore(
      int threads,
      int perRegistry,
      Optional<LayerCache> cache,
      Consumer<String> debug,
      long maxLayerSize) {
    this.maxLayerSize = maxLayerSize;
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads, DaemonThreads.named("runnerlint-layer"));
    this.perRegistry = perRegistry;
    this.cache = cache;
    this.debug = debug;
  }

  /** How many layers are read at once. */
  public int threads() {
    return threads;
  }

  public LayerStore listener(Listener l) {
    this.listener = l;
    return this;
  }

  /** The image's layers are about to be asked for: tells the listener. */
  void imageStarted(PlatformImage image) {
    listener.imageStarted(image);
  }

  /** Nothing more is read for the image: tells the listener. */
  void imageFinished(PlatformImage image) {
    listener.imageFinished(image);
  }

  /** The layer {@code index} of {@code image}, read (or being read) once per run. */
  CompletableFuture<RecordedLayer> layer(
      ImageSource source, PlatformImage image, int index, CapturePolicy policy) {
    Descriptor layer = image.layers().get(index);
    String policyKey = policy.key();
    String key = layer.digest() + "\u0000" + policyKey;
    RecordedLayer known = remembered(key);
    CompletableFuture<RecordedLayer> mine = new CompletableFuture<>();
    CompletableFuture<RecordedLayer> running = null;
    if (known == null) {
      running = inFlight.putIfAbsent(key, mine);
      if (running == null && (known = remembered(key)) != null) {
        // another image's read ended between the two looks (remembered, then left the map)
        inFlight.remove(key, mine);
        mine.complete(known);
      }
    }
    if (known != null) {
      listener.layer(image, index, true, 0);
      return CompletableFuture.completedFuture(known);
    }
    if (running != null) {
      // Another image reads it: use that, or read it ourselves if that read failed (its source).
      return running
          .handle((r, e) -> r)
          .thenCompose(
              r -> {
                if (r == null) {
                  return read(source, image, index, policy, key, new CompletableFuture<>(), false);
                }
                listener.layer(image, index, true, 0);
                return CompletableFuture.completedFuture(r);
              });
    }
    return read(source, image, index, policy, key, mine, true);
  }

  private CompletableFuture<RecordedLayer> read(
      ImageSource source,
      PlatformImage image,
      int index,
      CapturePolicy policy,
      String key,
      CompletableFuture<RecordedLayer> result,
      boolean owner) {
    Descriptor layer = image.layers().get(index);
    Listener listener = this.listener;
    Runnable task =
        () -> {
          try {
            RecordedLayer recorded = null;
            if (cache.isPresent()) {
              recorded = cache.get().get(layer.digest(), policy.key()).orElse(null);
              if (recorded != null) {
                debug.accept("cache: hit for layer " + index + " " + layer.digest());
                listener.layer(image, index, true, 0);
              }
            }
            if (recorded == null) {
              recorded = new RecordedLayer();
              Semaphore connections = semaphoreFor(image.reference());
              connections.acquireUninterruptibly();
              try {
                LongConsumer progress = listener.fetching(image, index);
                new StreamingLayerStep(maxLayerSize)
                    .read(source, image, index, policy, recorded, progress);
              } finally {
                connections.release();
              }
              listener.layer(image, index, false, layer.size());
              if (cache.isPresent()) {
                cache.get().put(layer.digest(), policy.key(), recorded);
              }
            }
            remember(key, recorded);
            result.complete(recorded);
          } catch (ImageReadException | RuntimeException e) {
            listener.failed(image, index);
            result.completeExceptionally(e);
          } catch (Error e) {
            listener.failed(image, index);
            result.completeExceptionally(e);
            throw e;
          } finally {
            if (owner) {
              inFlight.remove(key, result);
            }
          }
        };
    if (!source.concurrentBlobs()) {
      task.run(); // an archive read forward: on the image's own thread, in layer order
    } else {
      pool.execute(task);
    }
    return result;
  }

  private Semaphore semaphoreFor(String reference) {
    String group;
    try {
      ImageReference r = ImageReference.parse(reference);
      group = r instanceof RegistryReference reg ? reg.registry() : "local";
    } catch (IllegalArgumentException e) {
      group = "local";
    }
    return registries.computeIfAbsent(group, g -> new Semaphore(perRegistry));
  }

  private synchronized RecordedLayer remembered(String key) {
    return recent.get(key);
  }

  private synchronized void remember(String key, RecordedLayer layer) {
    // With a disk cache the next image reads the layer from there; without one, a batch reuses
    // the layers it read last from memory (bounded by entries).
    if (cache.isPresent() || layer.size() > MEMORY_ENTRIES || recent.containsKey(key)) {
      return;
    }
    recent.put(key, layer);
    recentEntries += layer.size();
    var it = recent.entrySet().iterator();
    while (recentEntries > MEMORY_ENTRIES && it.hasNext()) {
      recentEntries -= it.next().getValue().size();
      it.remove();
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
