package dev.runnerlint.image;

/**
 * An absolute, normalised path inside an image ({@code /} for the root): the one lexical path
 * arithmetic every stage uses for tar entry names, link targets, include files and rule paths. It
 * never uses the host's {@link java.nio.file.Path#normalize()}: image paths are always {@code /}
 * separated, and {@code ..} never climbs above the root (as containerd does with {@code
 * filepath.Join("/", name)}).
 *
 * @param value the normalised path
 */
public record ImagePath(String value) {

  public static final ImagePath ROOT = new ImagePath("/");

  public ImagePath {
    if (!value.startsWith("/")) {
      throw new IllegalArgumentException("not an absolute image path: '" + value + "'");
    }
  }

  /** {@code path} normalised, see {@link #normalize(String)}. */
  public static ImagePath of(String path) {
    return new ImagePath(normalize(path));
  }

  /** This path joined with {@code child} (absolute children replace it), normalised. */
  public ImagePath resolve(String child) {
    return new ImagePath(child.startsWith("/") ? normalize(child) : join(value, child));
  }

  /** The parent directory ({@code /} for the root). */
  public ImagePath parent() {
    return new ImagePath(parent(value));
  }

  /** The last component ({@code /} for the root). */
  public String name() {
    return name(value);
  }

  @Override
  public String toString() {
    return value;
  }

  /**
   * Normalises a path to an absolute path inside the image: leading {@code ./} and {@code /}
   * dropped, {@code .} and empty components removed, {@code ..} applied lexically and never above
   * the root. A relative path is taken relative to {@code /}, as a container runtime does with a
   * relative WorkingDir.
   */
  public static String normalize(String name) {
    int n = name.length();
    StringBuilder sb = new StringBuilder(n + 1);
    int i = 0;
    while (i <= n) {
      int j = name.indexOf('/', i);
      if (j < 0) {
        j = n;
      }
      int len = j - i;
      if (len == 0 || (len == 1 && name.charAt(i) == '.')) {
        // skip
      } else if (len == 2 && name.charAt(i) == '.' && name.charAt(i + 1) == '.') {
        int slash = sb.lastIndexOf("/");
        sb.setLength(Math.max(slash, 0));
      } else {
        sb.append('/').append(name, i, j);
      }
      i = j + 1;
    }
    return sb.length() == 0 ? "/" : sb.toString();
  }

  /** {@code child} joined to {@code dir}, normalised. */
  public static String join(String dir, String child) {
    return normalize(dir + "/" + child);
  }

  /** The parent of a normalised path ({@code /} for {@code /} and top-level paths). */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** The last component of a normalised path ({@code /} for the root). */
  public static String name(String path) {
    return path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
  }

  /**
   * The path of entry {@code name} (one component, no slash) in directory {@code dir}, without
   * normalising: the fast join for walking a tree.
   */
  public static String child(String dir, String name) {
    return dir.equals("/") ? "/" + name : dir + "/" + name;
  }
}
