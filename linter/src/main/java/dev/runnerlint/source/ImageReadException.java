package dev.runnerlint.source;

/**
 * An image could not be read whole. The message is one line that names the image and the cause, fit
 * to print as is; it never contains a credential.
 */
public class ImageReadException extends Exception {

  /** What went wrong, coarse enough for a user to act on. */
  public enum Kind {
    NOT_FOUND,
    UNAUTHORIZED,
    NETWORK,
    DIGEST_MISMATCH,
    UNSUPPORTED,
    CORRUPT,
    NO_MATCHING_PLATFORM,
    IO
  }

  private final Kind kind;
  private final String image;

  public ImageReadException(Kind kind, String image, String cause) {
    this(kind, image, cause, null);
  }

  public ImageReadException(Kind kind, String image, String cause, Throwable throwable) {
    super(image + ": " + cause, throwable);
    this.kind = kind;
    this.image = image;
  }

  public Kind kind() {
    return kind;
  }

  public String image() {
    return image;
  }
}
