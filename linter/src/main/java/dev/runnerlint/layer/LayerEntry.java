package dev.runnerlint.layer;

import dev.runnerlint.image.ImagePath;
import java.util.Optional;

/**
 * One tar entry of a layer, as the merged view needs it. Whiteout markers ({@code .wh.NAME}, {@code
 * .wh..wh..opq}) are passed through as regular entries; the tree builder interprets them.
 *
 * @param path absolute, normalised path inside the image ({@code /} for the root); never escapes
 *     the root
 * @param type the entry type; a hard link is {@link FileType#REGULAR} with {@code hardLink} set
 * @param mode permission bits including setuid, setgid and sticky ({@code 07777})
 * @param size the entry's data size (0 for everything but regular files)
 * @param linkName a symlink's target as written, or a hard link's target normalised like {@code
 *     path}
 * @param hardLink true for a hard link entry
 */
public record LayerEntry(
    String path,
    FileType type,
    int mode,
    long uid,
    long gid,
    long size,
    Optional<String> linkName,
    boolean hardLink) {

  public LayerEntry {
    linkName = linkName == null ? Optional.empty() : linkName;
  }

  /** The last path component ({@code /} for the root). */
  public String name() {
    return ImagePath.name(path);
  }

  /** The parent directory's path ({@code /} for the root and for top-level entries). */
  public String parent() {
    return ImagePath.parent(path);
  }

  /**
   * Normalises a tar entry name to an absolute path inside the image: leading {@code ./} and {@code
   * /} dropped, {@code .} and empty components removed, {@code ..} applied lexically and never
   * above the root (as containerd does with {@code filepath.Join("/", name)}).
   */
  public static String normalize(String name) {
    return ImagePath.normalize(name);
  }
}
