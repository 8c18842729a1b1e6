package dev.runnerlint.rules.lang;

import dev.runnerlint.image.ImagePath;

/** Normalising absolute paths inside an image, as the rules compare them. */
public final class ImagePaths {
  private ImagePaths() {}

  /**
   * Normalises a path: repeated and trailing slashes removed, {@code .} dropped, {@code ..} applied
   * without escaping the root. A relative path is taken relative to {@code /}, as a container
   * runtime does with a relative WorkingDir.
   */
  public static String normalize(String path) {
    return ImagePath.normalize(path);
  }

  /** {@code child} joined to {@code dir}, normalised. */
  public static String join(String dir, String child) {
    return ImagePath.join(dir, child);
  }

  /** The last component of a normalised path ({@code /} for {@code /}). */
  public static String name(String path) {
    return path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
  }

  /** The parent of a normalised path ({@code /} for {@code /}). */
  public static String parent(String path) {
    return ImagePath.parent(path);
  }
}
