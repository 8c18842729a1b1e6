package dev.runnerlint.rules.lang;

import java.util.ArrayDeque;
import java.util.Deque;

/** Normalising absolute paths inside an image, as the rules compare them. */
public final class ImagePaths {
  private ImagePaths() {}

  /**
   * Normalises a path: repeated and trailing slashes removed, {@code .} dropped, {@code ..} applied
   * without escaping the root. A relative path is taken relative to {@code /}, as a container
   * runtime does with a relative WorkingDir.
   */
  public static String normalize(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(part);
      }
    }
    return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
  }

  /** {@code child} joined to {@code dir}, normalised. */
  public static String join(String dir, String child) {
    return normalize(dir + "/" + child);
  }

  /** The last component of a normalised path ({@code /} for {@code /}). */
  public static String name(String path) {
    return path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
  }

  /** The parent of a normalised path ({@code /} for {@code /}). */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
