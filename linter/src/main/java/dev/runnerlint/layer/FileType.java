package dev.runnerlint.layer;

/** The type of an entry in the merged filesystem view. A hard link has the type of its target. */
public enum FileType {
  REGULAR('-'),
  DIRECTORY('d'),
  SYMLINK('l'),
  CHAR_DEVICE('c'),
  BLOCK_DEVICE('b'),
  FIFO('p');

  private final char lsChar;

  FileType(char lsChar) {
    this.lsChar = lsChar;
  }

  /** The first character of {@code ls -l}'s mode string. */
  public char lsChar() {
    return lsChar;
  }
}
