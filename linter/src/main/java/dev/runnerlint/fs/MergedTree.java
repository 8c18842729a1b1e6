package dev.runnerlint.fs;

import dev.runnerlint.layer.Content;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The immutable merged view a {@link TreeBuilder} builds. */
final class MergedTree implements FileTree {

  private final Node root;
  private final int size;

  MergedTree(Node root, int size) {
    this.root = root;
    this.size = size;
  }

  @Override
  public Resolution resolve(String path) {
    return Resolver.walk(root, path, true).toResolution(path);
  }

  @Override
  public Optional<FileEntry> lstat(String path) {
    Resolver.Walk walk = Resolver.walk(root, path, false);
    return walk.status() == Resolution.Status.FOUND
        ? Optional.of(walk.node().entry)
        : Optional.empty();
  }

  @Override
  public List<FileEntry> list(String directory) {
    Resolver.Walk walk = Resolver.walk(root, directory, true);
    if (walk.status() != Resolution.Status.FOUND || walk.node().children == null) {
      return List.of();
    }
    List<FileEntry> out = new ArrayList<>(walk.node().children.size());
    for (Node n : walk.node().children.values()) {
      out.add(n.entry);
    }
    out.sort(Comparator.comparing(FileEntry::name));
    return List.copyOf(out);
  }

  @Override
  public Optional<Content> content(FileEntry file) {
    Resolver.Walk walk = Resolver.walk(root, file.path(), false);
    // the same object first: the usual case, and it spares a cold JVM the record's equals
    FileEntry found = walk.status() == Resolution.Status.FOUND ? walk.node().entry : null;
    if (found == null || (found != file && !found.equals(file))) {
      return Optional.empty();
    }
    return Optional.ofNullable(walk.node().content);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public String toString() {
    return "FileTree[" + size + " entries]";
  }
}
