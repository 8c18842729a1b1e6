package dev.runnerlint.layer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Opens a gzip layer's decompressor: ISA-L ({@link IsalGzipInputStream}, about twice as fast) when
 * {@code libisal.so.2} loads and passes its self-test, else {@code java.util.zip} through Commons
 * Compress. Both read every member of a multi-member gzip and fail closed alike (the tests compare
 * them byte for byte). {@code -Drunnerlint.inflater=java} or {@code RUNNERLINT_INFLATER=java}
 * forces {@code java.util.zip}.
 */
public final class GzipStreams {

  /** The inflater implementations. */
  public enum Inflater {
    /** ISA-L's {@code isal_inflate} through JNA. */
    ISAL,
    /** {@code java.util.zip.Inflater} (zlib) through Commons Compress. */
    JAVA
  }

  /** The system property that forces an inflater ({@code java}; {@code isal} is the default). */
  public static final String PROPERTY = "runnerlint.inflater";

  /** The environment variable with the same meaning as {@link #PROPERTY}. */
  public static final String ENV = "RUNNERLINT_INFLATER";

  private GzipStreams() {}

  /**
   * The inflater gzip layers get: {@link Inflater#JAVA} when forced by {@link #PROPERTY} or {@link
   * #ENV}, or when ISA-L is not usable; else {@link Inflater#ISAL}.
   */
  public static Inflater preferred() {
    String forced = System.getProperty(PROPERTY);
    if (forced == null) {
      forced = System.getenv(ENV);
    }
    if (forced != null && forced.strip().toLowerCase(Locale.ROOT).equals("java")) {
      return Inflater.JAVA;
    }
    return Isal.available() ? Inflater.ISAL : Inflater.JAVA;
  }

  /** What inflates gzip layers here, for {@code --debug}: ISA-L, or java.util.zip and why. */
  public static String describe() {
    if (preferred() == Inflater.ISAL) {
      return "ISA-L (libisal.so.2) for blobs of 1 MiB and more, java.util.zip below";
    }
    return Isal.available()
        ? "java.util.zip (forced by " + ENV + "/-D" + PROPERTY + ")"
        : "java.util.zip (" + Isal.unavailableReason() + ")";
  }

  /** Whether ISA-L loaded and passed its self-test on this machine. */
  public static boolean isalAvailable() {
    return Isal.available();
  }

  /** Why ISA-L is not used on this machine ("" when it is). */
  public static String isalUnavailableReason() {
    return Isal.unavailableReason();
  }

  /**
   * Gzip blobs smaller than this are inflated with java.util.zip whatever is {@link #preferred()}:
   * loading ISA-L (JNA, the library, its self-test) costs a small layer more than it saves (like
   * the JDK's digest for small blobs in {@code source.VerifyingInputStream}).
   */
  public static final long NATIVE_MIN = 1 << 20;

  /** A decompressor of every gzip member in {@code in}, with the {@link #preferred()} inflater. */
  public static InputStream open(InputStream in) throws IOException {
    return open(in, preferred());
  }

  /**
   * Like {@link #open(InputStream)} for a blob of {@code compressedSize} bytes (negative: unknown):
   * java.util.zip below {@link #NATIVE_MIN}, without loading ISA-L.
   */
  public static InputStream open(InputStream in, long compressedSize) throws IOException {
    return compressedSize >= 0 && compressedSize < NATIVE_MIN
        ? open(in, Inflater.JAVA)
        : open(in, preferred());
  }

  /**
   * A decompressor of every gzip member in {@code in}, with {@code inflater}.
   *
   * @throws IllegalStateException ISA-L was asked for and is not available
   */
  public static InputStream open(InputStream in, Inflater inflater) throws IOException {
    if (inflater == Inflater.ISAL) {
      if (!Isal.available()) {
        throw new IllegalStateException("ISA-L is not available: " + Isal.unavailableReason());
      }
      return new IsalGzipInputStream(in);
    }
    return new GzipCompressorInputStream(in, true);
  }
}
