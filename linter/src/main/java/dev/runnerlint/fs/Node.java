package dev.runnerlint.fs;

import dev.runnerlint.image.ImagePath;
import dev.runnerlint.layer.Content;
import dev.runnerlint.layer.FileType;
import java.util.HashMap;
import java.util.Map;

/** A node of the merged tree: an entry, its captured content, and a directory's children. */
final class Node {
  final String name;
  FileEntry entry;
  Content content;

  /** The index of the layer that last wrote this node itself. */
  int writtenBy = -1;

  /** The index of the last layer that wrote this node or anything below it. */
  int touchedBy = -1;

  /** The children of a directory by name; null for other types. */
  Map<String, Node> children;

  Node parent;

  Node(String name, Node parent) {
    this.name = name;
    this.parent = parent;
  }

  Node child(String name) {
    return children == null ? null : children.get(name);
  }

  boolean isDirectory() {
    return entry.type() == FileType.DIRECTORY;
  }

  boolean isSymlink() {
    return entry.type() == FileType.SYMLINK;
  }

  String path() {
    return entry.path();
  }

  static String childPath(String parentPath, String name) {
    return ImagePath.child(parentPath, name);
  }

  void makeDirectoryChildren() {
    if (children == null) {
      children = new HashMap<>(4);
    }
  }
}
