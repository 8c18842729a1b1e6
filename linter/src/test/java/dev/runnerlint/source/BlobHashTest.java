package dev.runnerlint.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerlint.image.Digest;
import dev.runnerlint.io.BlobVerificationException;
import dev.runnerlint.report.External;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * OpenSSL's digests (libcrypto.so.3 through JNA) and the JDK's give the same bytes for every size
 * and split of the input, and a blob is verified (and refused) alike with either. In CI ({@code
 * CI=true}) OpenSSL must load; elsewhere the OpenSSL half needs the library.
 */
class BlobHashTest {

  static void openSsl() {
    External.require(
        BlobHash.nativeAvailable(), "OpenSSL does not load: " + BlobHash.nativeUnavailableReason());
  }

  @Test
  void openSslAndTheJdkGiveTheSameDigestForAnySizeAndSplit() throws Exception {
    openSsl();
    Random random = new Random(42);
    int[] sizes = {0, 1, 55, 56, 63, 64, 65, 111, 112, 128, 65_535, 65_536, 65_537, 1_000_003};
    for (String alg : new String[] {"SHA-256", "SHA-512"}) {
      for (int size : sizes) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        byte[] want = MessageDigest.getInstance(alg).digest(data);
        try (BlobHash h = BlobHash.of(alg)) {
          assertThat(h).isInstanceOf(BlobHash.OpenSslHash.class);
          int off = 0;
          while (off < size) { // uneven pieces, some over the 64 KiB native buffer
            int n = Math.min(size - off, 1 + random.nextInt(150_000));
            h.update(data, off, n);
            off += n;
          }
          assertThat(h.digest()).as("%s of %d bytes", alg, size).isEqualTo(want);
        }
      }
    }
  }

  @Test
  void aBlobIsVerifiedAndRefusedAlikeWithEitherDigest() throws Exception {
    openSsl();
    byte[] data = new byte[(int) VerifyingInputStream.NATIVE_HASH_MIN + 300_000]; // a layer's size
    new Random(3).nextBytes(data);
    Digest digest =
        Digest.parse(
            "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    byte[] bad = data.clone();
    bad[1_123_456] ^= 1;
    String before = System.getProperty(BlobHash.PROPERTY);
    try {
      for (String mode : new String[] {"native", "java"}) {
        System.setProperty(BlobHash.PROPERTY, mode);
        assertThat(BlobHash.forcedJava()).isEqualTo(mode.equals("java"));
        try (InputStream in =
            new VerifyingInputStream(new ByteArrayInputStream(data), digest, data.length, "x")) {
          assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThatThrownBy(
                () -> {
                  try (InputStream in =
                      new VerifyingInputStream(
                          new ByteArrayInputStream(bad), digest, data.length, "x")) {
                    in.readAllBytes();
                  }
                })
            .as(mode)
            .isInstanceOf(BlobVerificationException.class)
            .hasMessageStartingWith("digest mismatch for x: expected " + digest);
      }
    } finally {
      if (before == null) {
        System.clearProperty(BlobHash.PROPERTY);
      } else {
        System.setProperty(BlobHash.PROPERTY, before);
      }
    }
  }

  @Test
  void theJdkDigestIsUsedWhenForced() throws Exception {
    String before = System.getProperty(BlobHash.PROPERTY);
    try {
      System.setProperty(BlobHash.PROPERTY, "java");
      try (BlobHash h = BlobHash.of("SHA-256")) {
        assertThat(h).isNotInstanceOf(BlobHash.OpenSslHash.class);
        h.update(new byte[] {'a', 'b', 'c'}, 0, 3);
        assertThat(HexFormat.of().formatHex(h.digest()))
            .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
      }
    } finally {
      if (before == null) {
        System.clearProperty(BlobHash.PROPERTY);
      } else {
        System.setProperty(BlobHash.PROPERTY, before);
      }
    }
  }
}
