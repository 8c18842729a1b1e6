package dev.runnerlint.source;

import dev.runnerlint.image.Descriptor;

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

  /**
   * The refusal of a foreign / non-distributable layer (its content is not in the image, so the
   * image cannot be read whole); the one wording for every place that checks.
   */
  public static ImageReadException foreignLayer(String image, int index, Descriptor layer) {
    return new ImageReadException(
        Kind.UNSUPPORTED,
        image,
        "layer "
            + index
            + " ("
            + layer.digest()
            + ") is a foreign / non-distributable layer ("
            + layer.mediaType()
            + "); its content is not part of the image");
  }

  public Kind kind() {
    return kind;
  }

  public String image() {
    return image;
  }
}
