package dev.runnerlint.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:abc…}. Only sha256 and sha512 are accepted. */
public record Digest(String algorithm, String hex) {

  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

  public Digest {
    boolean ok =
        switch (algorithm) {
          case "sha256" -> SHA256.matcher(hex).matches();
          case "sha512" -> SHA512.matcher(hex).matches();
          default -> false;
        };
    if (!ok) {
      throw new IllegalArgumentException("invalid digest '" + algorithm + ":" + hex + "'");
    }
  }

  public static Digest parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("invalid digest '" + text + "': expected sha256:<hex>");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1).toLowerCase(Locale.ROOT));
  }

  /** The digest of {@code bytes} with {@code algorithm} ({@code sha256} or {@code sha512}). */
  public static Digest compute(String algorithm, byte[] bytes) {
    String java = algorithm.equals("sha512") ? "SHA-512" : "SHA-256";
    try {
      return new Digest(
          algorithm, HexFormat.of().formatHex(MessageDigest.getInstance(java).digest(bytes)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@link java.security.MessageDigest} algorithm name. */
  public String javaAlgorithm() {
    return algorithm.equals("sha256") ? "SHA-256" : "SHA-512";
  }

  /** The first 12 hex characters, as {@code docker images} shows them. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
