package dev.runnerlint.source;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The hash of a blob as it is read: OpenSSL's ({@code libcrypto.so.3}, through JNA) when it loads
 * and passes a self-test, else the JDK's {@link MessageDigest}. On this project's machines OpenSSL
 * hashes SHA-256 about twice as fast as HotSpot's intrinsic (SHA extensions on both), and needs no
 * C2 compilation to do it, so the launcher can run with C1 only (docs/performance.md). {@code
 * -Drunnerlint.digest=java} or {@code RUNNERLINT_DIGEST=java} forces the JDK's.
 */
public abstract class BlobHash implements AutoCloseable {

  /** The system property that forces the JDK's digest ({@code java}). */
  static final String PROPERTY = "runnerlint.digest";

  /** The environment variable with the same meaning as {@link #PROPERTY}. */
  static final String ENV = "RUNNERLINT_DIGEST";

  abstract void update(byte[] b, int off, int len);

  /** The digest; the hash is done (and its native memory freed) after this. */
  abstract byte[] digest();

  @Override
  public abstract void close();

  /** Whether OpenSSL is used unless forced off. */
  static boolean nativeAvailable() {
    return OpenSsl.UNAVAILABLE == null;
  }

  /** Why OpenSSL is not used ("" when it is). */
  static String nativeUnavailableReason() {
    return OpenSsl.UNAVAILABLE == null ? "" : OpenSsl.UNAVAILABLE;
  }

  /** What hashes blobs of 1 MiB or more here, for {@code --debug}: OpenSSL, or the JDK and why. */
  public static String describe() {
    if (forcedJava()) {
      return "the JDK's MessageDigest (forced by " + ENV + "/-D" + PROPERTY + ")";
    }
    return nativeAvailable()
        ? "OpenSSL (libcrypto.so.3) for blobs of 1 MiB and more, the JDK's MessageDigest below"
        : "the JDK's MessageDigest (" + nativeUnavailableReason() + ")";
  }

  static boolean forcedJava() {
    String forced = System.getProperty(PROPERTY);
    if (forced == null) {
      forced = System.getenv(ENV);
    }
    return forced != null && forced.strip().toLowerCase(Locale.ROOT).equals("java");
  }

  /** A hash of {@code javaAlgorithm} ("SHA-256" or "SHA-512"), native when it can be. */
  static BlobHash of(String javaAlgorithm) {
    if (!forcedJava() && nativeAvailable()) {
      OpenSslHash n = OpenSslHash.of(javaAlgorithm);
      if (n != null) {
        return n;
      }
    }
    return java(javaAlgorithm);
  }

  /** The JDK's {@link MessageDigest}. */
  static BlobHash java(String javaAlgorithm) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(javaAlgorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new BlobHash() {
      @Override
      void update(byte[] b, int off, int len) {
        md.update(b, off, len);
      }

      @Override
      byte[] digest() {
        return md.digest();
      }

      @Override
      public void close() {
        // nothing native
      }
    };
  }

  /** OpenSSL's EVP digests. */
  static final class OpenSslHash extends BlobHash {
    private static final int CHUNK = 64 * 1024;
    private static final Cleaner CLEANER = Cleaner.create();

    private final Memory buffer = new Memory(CHUNK);
    private final int size;
    private final Context context;
    private final Cleaner.Cleanable cleanable;

    /** The EVP_MD_CTX, freed once (explicitly or when unreachable). */
    private static final class Context implements Runnable {
      Pointer ctx;

      Context(Pointer ctx) {
        this.ctx = ctx;
      }

      @Override
      public synchronized void run() {
        if (ctx != null) {
          OpenSsl.EVP_MD_CTX_free(ctx);
          ctx = null;
        }
      }
    }

    private OpenSslHash(Pointer md, int size) {
      this.size = size;
      Pointer ctx = OpenSsl.EVP_MD_CTX_new();
      if (ctx == null || OpenSsl.EVP_DigestInit_ex(ctx, md, Pointer.NULL) != 1) {
        if (ctx != null) {
          OpenSsl.EVP_MD_CTX_free(ctx);
        }
        throw new IllegalStateException("EVP_DigestInit_ex failed");
      }
      this.context = new Context(ctx);
      this.cleanable = CLEANER.register(this, context);
    }

    static OpenSslHash of(String javaAlgorithm) {
      return switch (javaAlgorithm) {
        case "SHA-256" -> new OpenSslHash(OpenSsl.EVP_sha256(), 32);
        case "SHA-512" -> new OpenSslHash(OpenSsl.EVP_sha512(), 64);
        default -> null;
      };
    }

    @Override
    void update(byte[] b, int off, int len) {
      Pointer ctx = context.ctx;
      if (ctx == null) {
        throw new IllegalStateException("digest already taken");
      }
      while (len > 0) {
        int n = Math.min(len, CHUNK);
        buffer.write(0, b, off, n);
        if (OpenSsl.EVP_DigestUpdate(ctx, buffer, n) != 1) {
          throw new IllegalStateException("EVP_DigestUpdate failed");
        }
        off += n;
        len -= n;
      }
    }

    @Override
    byte[] digest() {
      Pointer ctx = context.ctx;
      if (ctx == null) {
        throw new IllegalStateException("digest already taken");
      }
      if (OpenSsl.EVP_DigestFinal_ex(ctx, buffer, Pointer.NULL) != 1) {
        throw new IllegalStateException("EVP_DigestFinal_ex failed");
      }
      byte[] out = buffer.getByteArray(0, size);
      close();
      return out;
    }

    @Override
    public void close() {
      cleanable.clean();
      buffer.close();
    }
  }

  /** The binding; loaded on first use. */
  static final class OpenSsl {
    static final String LIBRARY = "libcrypto.so.3";

    static native Pointer EVP_MD_CTX_new();

    static native void EVP_MD_CTX_free(Pointer ctx);

    static native Pointer EVP_sha256();

    static native Pointer EVP_sha512();

    static native int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer impl);

    static native int EVP_DigestUpdate(Pointer ctx, Pointer data, long count);

    static native int EVP_DigestFinal_ex(Pointer ctx, Pointer md, Pointer size);

    /** Why OpenSSL is not used, or null when it is. */
    static final String UNAVAILABLE = load();

    private OpenSsl() {}

    private static String load() {
      try {
        com.sun.jna.Native.register(OpenSsl.class, NativeLibrary.getInstance(LIBRARY));
      } catch (LinkageError | RuntimeException e) {
        return LIBRARY + " did not load: " + e.getMessage();
      }
      try {
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
          data[i] = (byte) (i * 31 + (i >> 9));
        }
        for (String alg : new String[] {"SHA-256", "SHA-512"}) {
          BlobHash n = OpenSslHash.of(alg);
          n.update(data, 0, 7);
          n.update(data, 7, data.length - 7);
          byte[] want = MessageDigest.getInstance(alg).digest(data);
          if (!Arrays.equals(n.digest(), want)) {
            return LIBRARY + " failed the self-test: its " + alg + " differs from the JDK's";
          }
        }
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        BlobHash n = OpenSslHash.of("SHA-256");
        n.update(abc, 0, 3);
        if (!Arrays.equals(n.digest(), MessageDigest.getInstance("SHA-256").digest(abc))) {
          return LIBRARY + " failed the self-test";
        }
        return null;
      } catch (NoSuchAlgorithmException | LinkageError | RuntimeException e) {
        return LIBRARY + " failed the self-test: " + e;
      }
    }
  }
}
