package dev.runnerlint.layer;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * ISA-L's stateful inflate ({@code isal_inflate}) from Debian's {@code libisal2} ({@code
 * libisal.so.2}), bound with JNA's direct mapping. Loaded on first use; when the library is
 * missing, does not load, or fails the self-test (a two-member gzip made here with {@code
 * java.util.zip}'s deflater, inflated and compared byte for byte), {@link #available()} is false
 * and gzip layers are inflated with {@code java.util.zip} instead.
 *
 * <p>{@code struct inflate_state} is allocated by the caller, so its layout is part of the ABI: the
 * offsets below are those of ISA-L 2.30 (Debian 12's {@code libisal2 2.30.0}; printed with {@code
 * offsetof} from its {@code igzip_lib.h}). A library with another layout fails the self-test and is
 * not used.
 */
final class Isal {

  /** The file name the library is loaded by (Debian's {@code libisal2}). */
  static final String LIBRARY = "libisal.so.2";

  /** {@code sizeof(struct inflate_state)} in ISA-L 2.30 is 87 368; allocated with room to spare. */
  static final int STATE_SIZE = 128 * 1024;

  static final int NEXT_OUT = 0; // uint8_t *
  static final int AVAIL_OUT = 8; // uint32_t
  static final int NEXT_IN = 16; // uint8_t *
  static final int AVAIL_IN = 32; // uint32_t
  static final int BLOCK_STATE = 21160; // enum isal_block_state
  static final int CRC_FLAG = 21172; // uint32_t

  /** {@code ISAL_BLOCK_FINISH}: the member's deflate data and (with _VER) its trailer are done. */
  static final int BLOCK_FINISH = 5;

  /** {@code ISAL_GZIP_NO_HDR_VER}: raw deflate, then the gzip trailer (CRC-32, ISIZE) verified. */
  static final int GZIP_NO_HDR_VER = 6;

  static final int DECOMP_OK = 0;
  static final int INCORRECT_CHECKSUM = -6;

  static native void isal_inflate_init(Pointer state);

  static native void isal_inflate_reset(Pointer state);

  static native int isal_inflate(Pointer state);

  /** Why the library is not used, or null when it is. */
  private static final String UNAVAILABLE = load();

  private Isal() {}

  /** Whether ISA-L loaded and passed the self-test. */
  static boolean available() {
    return UNAVAILABLE == null;
  }

  /** Why ISA-L is not used ("" when it is); for {@code --debug} and the tests. */
  static String unavailableReason() {
    return UNAVAILABLE == null ? "" : UNAVAILABLE;
  }

  private static String load() {
    try {
      Native.register(Isal.class, NativeLibrary.getInstance(LIBRARY));
    } catch (LinkageError | RuntimeException e) {
      return LIBRARY + " did not load: " + e.getMessage();
    }
    try {
      return selfTest();
    } catch (IOException | LinkageError | RuntimeException e) {
      return LIBRARY + " failed the self-test: " + e;
    }
  }

  /** Inflates two gzip members made by java.util.zip and compares: null when they match. */
  private static String selfTest() throws IOException {
    byte[] plain = new byte[100_000]; // over the 32 KiB window, in several calls
    Random random = new Random(10);
    for (int i = 0; i < plain.length; i++) {
      plain[i] = (byte) (i % 7 == 0 ? random.nextInt(256) : 'a' + (i / 97) % 26);
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    for (int member = 0; member < 2; member++) {
      Deflater fast = new Deflater(Deflater.BEST_SPEED, true);
      try (DeflaterOutputStream out = new GzipMember(new NonClosing(gz), fast)) {
        out.write(plain);
      } finally {
        fast.end();
      }
    }
    byte[] got;
    try (InputStream in = new IsalGzipInputStream(new ByteArrayInputStream(gz.toByteArray()))) {
      got = in.readAllBytes();
    }
    byte[] want = new byte[plain.length * 2];
    System.arraycopy(plain, 0, want, 0, plain.length);
    System.arraycopy(plain, 0, want, plain.length, plain.length);
    return Arrays.equals(got, want)
        ? null
        : LIBRARY + " failed the self-test: output differs (another struct inflate_state layout?)";
  }

  /** A gzip member (RFC 1952: minimal header, raw deflate, CRC-32 and size) at level 1. */
  private static final class GzipMember extends DeflaterOutputStream {
    private final CRC32 crc = new CRC32();
    private long size;

    GzipMember(java.io.OutputStream out, Deflater deflater) throws IOException {
      super(out, deflater);
      out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      super.write(b, off, len);
      crc.update(b, off, len);
      size += len;
    }

    @Override
    public void close() throws IOException {
      finish();
      long c = crc.getValue();
      for (long v : new long[] {c, size & 0xffffffffL}) {
        for (int i = 0; i < 4; i++) {
          out.write((int) (v >>> (8 * i)) & 0xff);
        }
      }
      out.close();
    }
  }

  /** Lets a member finish a member without closing the buffer. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(java.io.OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() {
      // keep the buffer open for the next member
    }
  }
}
