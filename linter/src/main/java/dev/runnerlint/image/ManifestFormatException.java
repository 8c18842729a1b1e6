package dev.runnerlint.image;

/**
 * A manifest, index or config that runnerlint cannot use: either of a media type it does not
 * support ({@link #unsupported()}), or malformed. The message is one line.
 */
public class ManifestFormatException extends Exception {

  private final boolean unsupported;

  private ManifestFormatException(String message, boolean unsupported) {
    super(message);
    this.unsupported = unsupported;
  }

  public static ManifestFormatException unsupported(String message) {
    return new ManifestFormatException(message, true);
  }

  public static ManifestFormatException malformed(String message) {
    return new ManifestFormatException(message, false);
  }

  /** True for a well-formed document of a kind runnerlint does not read (e.g. schema 1). */
  public boolean unsupported() {
    return unsupported;
  }
}
