package dev.runnerlint.fs;

import dev.runnerlint.image.ImagePath;
import dev.runnerlint.layer.FileType;
import java.util.Optional;

/**
 * One entry of the merged filesystem view, as a container would see it.
 *
 * @param path absolute, normalised path inside the image ({@code /} for the root)
 * @param mode permission bits including setuid (04000), setgid (02000) and sticky (01000)
 * @param linkTarget for a symlink its target as written; for a hard link the path it links to
 * @param hardLink true when the entry was written as a hard link; it takes the type and attributes
 *     of the entry it links to (REGULAR, or SYMLINK for a hard link to a symlink)
 * @param origin the layer that last wrote it
 */
public record FileEntry(
    String path,
    FileType type,
    int mode,
    long uid,
    long gid,
    long size,
    Optional<String> linkTarget,
    boolean hardLink,
    LayerOrigin origin) {

  public static final int SETUID = 04000;
  public static final int SETGID = 02000;
  public static final int STICKY = 01000;

  public boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }

  public boolean isRegular() {
    return type == FileType.REGULAR;
  }

  public boolean isSymlink() {
    return type == FileType.SYMLINK;
  }

  /** The file name: the last path component. */
  public String name() {
    return ImagePath.name(path);
  }

  /** {@code ls -l}'s mode string, e.g. {@code -rwsr-xr-x} or {@code drwxrwxrwt}. */
  public String modeString() {
    char[] s = new char[10];
    s[0] = type.lsChar();
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s[i + 1] = (mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-';
    }
    if ((mode & SETUID) != 0) {
      s[3] = (mode & 0100) != 0 ? 's' : 'S';
    }
    if ((mode & SETGID) != 0) {
      s[6] = (mode & 0010) != 0 ? 's' : 'S';
    }
    if ((mode & STICKY) != 0) {
      s[9] = (mode & 0001) != 0 ? 't' : 'T';
    }
    return new String(s);
  }
}
