package dev.runnerlint.layer;

import com.sun.jna.Memory;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decompresses gzip (every member of a multi-member file, as {@code GzipCompressorInputStream(in,
 * true)} does) with ISA-L's {@code isal_inflate}. The gzip headers are parsed here with the checks
 * and messages of Commons Compress; the deflate data and the trailer (CRC-32 and size, {@code
 * ISAL_GZIP_NO_HDR_VER}) are ISA-L's. Memory is bounded: ISA-L's state (~85 KiB, with its 64 KiB
 * history) and one 64 KiB input and output buffer, all native, freed at {@link #close()}.
 *
 * <p>Fails closed like the {@code java.util.zip} path: input that ends inside a member is an {@link
 * EOFException}; corrupt deflate data, a wrong CRC-32 or size, and bytes after a member that are
 * not another member are {@link IOException}s.
 */
final class IsalGzipInputStream extends InputStream {

  private static final int IN = 64 * 1024;
  private static final int OUT = 64 * 1024;
  private static final int FTEXT_RESERVED = 0xe0;
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;

  private final InputStream in;
  private Memory state = new Memory(Isal.STATE_SIZE);
  private Memory input = new Memory(IN);
  private Memory output = new Memory(OUT);
  private final byte[] inBuf = new byte[IN];

  /** Bytes of {@link #inBuf} (mirrored in {@link #input}) not yet given to or taken by ISA-L. */
  private int inPos;

  private int inLen;
  private boolean sourceEof;
  private boolean inMember;
  private boolean ended;
  private IOException failure;

  /**
   * Reads the first member's header now (so that a stream that is no gzip fails here, as Commons
   * Compress' constructor does).
   */
  IsalGzipInputStream(InputStream in) throws IOException {
    this.in = in;
    Isal.isal_inflate_init(state);
    try {
      startMember(true);
    } catch (IOException | RuntimeException e) {
      free();
      throw e;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    while ((n = read(one, 0, 1)) == 0) {
      // a read of one byte returns 1 or -1
    }
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (len == 0) {
      return 0;
    }
    if (ended) {
      return -1;
    }
    if (state == null) {
      throw new IOException("stream closed");
    }
    try {
      return inflate(b, off, len);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  private int inflate(byte[] b, int off, int len) throws IOException {
    while (true) {
      if (!inMember) {
        if (!startMember(false)) {
          ended = true;
          return -1;
        }
      }
      if (inPos == inLen && !sourceEof) {
        fill();
      }
      int want = Math.min(len, OUT);
      int given = inLen - inPos;
      state.setPointer(Isal.NEXT_IN, input.share(inPos));
      state.setInt(Isal.AVAIL_IN, given);
      state.setPointer(Isal.NEXT_OUT, output);
      state.setInt(Isal.AVAIL_OUT, want);
      int ret = Isal.isal_inflate(state);
      inPos += given - state.getInt(Isal.AVAIL_IN);
      int produced = want - state.getInt(Isal.AVAIL_OUT);
      if (ret == Isal.INCORRECT_CHECKSUM) {
        throw new IOException("Gzip-compressed data is corrupt (CRC32 or size mismatch).");
      }
      if (ret != Isal.DECOMP_OK) {
        throw new IOException("Gzip-compressed data is corrupt.");
      }
      if (produced > 0) {
        output.read(0, b, off, produced);
      }
      if (state.getInt(Isal.BLOCK_STATE) == Isal.BLOCK_FINISH) {
        inMember = false; // the next read looks for another member
      } else if (produced == 0 && inPos == inLen && sourceEof) {
        throw new EOFException(); // the member ends early: truncated
      } else if (produced == 0 && given > 0 && inPos == inLen - given) {
        throw new IOException("Gzip-compressed data is corrupt."); // no progress: never loop
      }
      if (produced > 0) {
        return produced;
      }
    }
  }

  /** Reads the next compressed bytes into the (emptied) input buffer. */
  private void fill() throws IOException {
    int n = in.read(inBuf, 0, IN);
    if (n < 0) {
      sourceEof = true;
      inPos = inLen = 0;
      return;
    }
    input.write(0, inBuf, 0, n);
    inPos = 0;
    inLen = n;
  }

  /** The next compressed byte for the header parser, or -1 at the end of the input. */
  private int next() throws IOException {
    if (inPos == inLen) {
      if (sourceEof) {
        return -1;
      }
      fill();
      if (inPos == inLen) {
        return -1;
      }
    }
    return inBuf[inPos++] & 0xff;
  }

  private int nextOrEof() throws IOException {
    int c = next();
    if (c < 0) {
      throw new EOFException();
    }
    return c;
  }

  /**
   * Parses a member header (RFC 1952) as Commons Compress does; false when the input ends cleanly
   * after a member.
   */
  private boolean startMember(boolean first) throws IOException {
    int magic0 = next();
    if (magic0 == -1 && !first) {
      return false;
    }
    if (magic0 != 0x1f || next() != 0x8b) {
      throw new IOException(
          first ? "Input is not in the .gz format." : "Unexpected data after a valid .gz stream.");
    }
    int method = nextOrEof();
    if (method != 8) {
      throw new IOException("Unsupported compression method " + method + " in the .gz header");
    }
    int flg = nextOrEof();
    if ((flg & FTEXT_RESERVED) != 0) {
      throw new IOException("Reserved flags are set in the .gz header.");
    }
    for (int i = 0; i < 6; i++) {
      nextOrEof(); // MTIME, XFL, OS
    }
    if ((flg & FEXTRA) != 0) {
      int xlen = nextOrEof() | nextOrEof() << 8;
      checkExtra(xlen);
    }
    if ((flg & FNAME) != 0) {
      while (nextOrEof() != 0) {
        // the original file name: not kept
      }
    }
    if ((flg & FCOMMENT) != 0) {
      while (nextOrEof() != 0) {
        // the comment: not kept
      }
    }
    if ((flg & FHCRC) != 0) {
      nextOrEof(); // not verified, as in Commons Compress
      nextOrEof();
    }
    Isal.isal_inflate_reset(state);
    state.setInt(Isal.CRC_FLAG, Isal.GZIP_NO_HDR_VER);
    inMember = true;
    return true;
  }

  /** The extra field's subfields must fill it exactly (Commons Compress' ExtraField.fromBytes). */
  private void checkExtra(int xlen) throws IOException {
    byte[] extra = new byte[xlen];
    for (int i = 0; i < xlen; i++) {
      extra[i] = (byte) nextOrEof();
    }
    int pos = 0;
    while (pos <= xlen - 4) {
      int sublen = extra[pos + 2] & 0xff | (extra[pos + 3] & 0xff) << 8;
      pos += 4;
      if (sublen > xlen - pos) {
        throw new IOException(
            "Extra subfield lenght exceeds remaining bytes in extra: "
                + sublen
                + " > "
                + (xlen - pos));
      }
      pos += sublen;
    }
    if (pos < xlen) {
      throw new IOException((xlen - pos) + " remaining bytes not used to parse an extra subfield.");
    }
  }

  @Override
  public int available() {
    return 0;
  }

  @Override
  public void close() throws IOException {
    free();
    in.close();
  }

  private void free() {
    if (state != null) {
      state.close();
      input.close();
      output.close();
      state = null;
      input = null;
      output = null;
    }
  }
}
