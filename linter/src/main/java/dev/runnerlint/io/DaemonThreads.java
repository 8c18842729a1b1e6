package dev.runnerlint.io;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for runnerlint's worker pools: daemon threads named {@code PREFIX-N}. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /**
   * Daemon threads named {@code prefix-1}, {@code prefix-2}, … (a JVM exit never waits on them).
   */
  public static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
