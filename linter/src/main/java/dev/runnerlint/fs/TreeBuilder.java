package dev.runnerlint.fs;

import dev.runnerlint.layer.Content;
import dev.runnerlint.layer.FileType;
import dev.runnerlint.layer.LayerEntry;
import dev.runnerlint.layer.LayerFormatException;
import dev.runnerlint.layer.LayerVisitor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Builds the merged filesystem view in one pass, layer by layer: {@link #beginLayer}, the layer's
 * entries in tar order ({@link #entry}), {@link #endLayer}; then {@link #build} once. Not thread
 * safe; unusable after {@code build}.
 *
 * <p>Semantics, as containerd applies layers: {@code .wh.NAME} hides NAME (and its subtree) of
 * lower layers; {@code .wh..wh..opq} hides every lower-layer entry of its directory. Both apply at
 * the end of the layer, so entries the same layer adds survive whatever their order in the tar. A
 * non-directory replacing a directory drops its subtree; a directory over a directory keeps it.
 * Parent directories never declared are created as {@code 0755} root directories; a parent path
 * through a symlink (e.g. {@code bin/x} with {@code /bin -> usr/bin}) is written where the symlink
 * leads. A hard link copies its target's type, attributes and captured content; a link to a target
 * that does not exist (or is a directory) is a {@link LayerFormatException}, as containerd and
 * Docker fail to unpack such a layer ({@code link(2)} fails).
 */
public final class TreeBuilder implements LayerVisitor {

  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";

  private final Node root = new Node("", null);
  private LayerOrigin origin;
  private int layer = -1;
  private boolean inLayer;
  private boolean built;
  private final List<Node> whiteoutParents = new ArrayList<>();
  private final List<String> whiteoutNames = new ArrayList<>();
  private final List<Node> opaqueDirs = new ArrayList<>();

  public TreeBuilder() {
    root.entry =
        new FileEntry("/", FileType.DIRECTORY, 0755, 0, 0, 0, Optional.empty(), false, null);
    root.makeDirectoryChildren();
  }

  /** Starts the next layer; layers must come in manifest order. */
  public void beginLayer(LayerOrigin layerOrigin) {
    checkOpen();
    if (inLayer) {
      throw new IllegalStateException("layer " + layer + " was not ended");
    }
    if (layerOrigin.index() <= layer) {
      throw new IllegalStateException(
          "layer " + layerOrigin.index() + " after layer " + layer + ": out of order");
    }
    origin = layerOrigin;
    layer = layerOrigin.index();
    inLayer = true;
    if (root.entry.origin() == null) {
      root.entry = withOrigin(root.entry, origin);
    }
  }

  /** Applies one entry of the current layer. */
  @Override
  public void entry(LayerEntry e, Optional<Content> content) throws LayerFormatException {
    checkOpen();
    if (!inLayer) {
      throw new IllegalStateException("entry outside a layer: " + e.path());
    }
    if (e.path().equals("/")) {
      if (e.type() == FileType.DIRECTORY) {
        root.entry =
            new FileEntry(
                "/",
                FileType.DIRECTORY,
                e.mode(),
                e.uid(),
                e.gid(),
                0,
                Optional.empty(),
                false,
                origin);
        root.writtenBy = layer;
      }
      return;
    }
    String name = e.name();
    Node parent = parentFor(e.path());
    if (name.startsWith(WHITEOUT)) {
      if (name.equals(OPAQUE)) {
        opaqueDirs.add(parent);
      } else if (!name.startsWith(WHITEOUT + WHITEOUT) && name.length() > WHITEOUT.length()) {
        whiteoutParents.add(parent);
        whiteoutNames.add(name.substring(WHITEOUT.length()));
      } // other .wh..wh.* names are AUFS metadata: ignored, as containerd does
      return;
    }
    String path = Node.childPath(parent.path(), name);
    FileEntry entry;
    Content data = null;
    if (e.hardLink()) {
      String target = e.linkName().orElse("/");
      Resolver.Walk walk = Resolver.walk(root, target, false);
      Node t = walk.node();
      if (walk.status() == Resolution.Status.FOUND && !t.isDirectory()) {
        FileEntry te = t.entry;
        Optional<String> link = te.isSymlink() ? te.linkTarget() : Optional.of(target);
        entry =
            new FileEntry(
                path, te.type(), te.mode(), te.uid(), te.gid(), te.size(), link, true, origin);
        data = t.content;
      } else {
        throw new LayerFormatException(
            "hard link "
                + path
                + " points to "
                + target
                + (walk.status() == Resolution.Status.FOUND
                    ? ", a directory"
                    : ", which no entry before it wrote")
                + ": containerd and Docker cannot unpack this layer");
      }
    } else {
      entry =
          new FileEntry(
              path, e.type(), e.mode(), e.uid(), e.gid(), e.size(), e.linkName(), false, origin);
      data = content.orElse(null);
    }
    Node existing = parent.child(name);
    Node node;
    if (existing != null && existing.isDirectory() && entry.type() == FileType.DIRECTORY) {
      node = existing; // a directory over a directory keeps its children
    } else {
      if (existing != null) {
        existing.parent = null; // detached with its subtree
      }
      node = new Node(name, parent);
      parent.children.put(name, node);
    }
    node.entry = entry;
    node.content = data;
    node.writtenBy = layer;
    node.touchedBy = layer;
    if (entry.type() == FileType.DIRECTORY) {
      node.makeDirectoryChildren();
    } else {
      node.children = null;
    }
    touch(parent);
  }

  /** Ends the current layer: applies its whiteouts and opaque directories. */
  public void endLayer() {
    checkOpen();
    if (!inLayer) {
      throw new IllegalStateException("no layer to end");
    }
    for (int i = 0; i < whiteoutParents.size(); i++) {
      Node parent = whiteoutParents.get(i);
      Node victim = parent.child(whiteoutNames.get(i));
      if (victim != null) {
        prune(victim);
      }
    }
    for (Node dir : opaqueDirs) {
      if (dir.children != null) {
        for (Node child : new ArrayList<>(dir.children.values())) {
          prune(child);
        }
      }
    }
    whiteoutParents.clear();
    whiteoutNames.clear();
    opaqueDirs.clear();
    inLayer = false;
  }

  /** The merged view. The builder cannot be used afterwards. */
  public FileTree build() {
    checkOpen();
    if (inLayer) {
      throw new IllegalStateException("layer " + layer + " was not ended");
    }
    built = true;
    int count = 0;
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (n.children != null) {
        count += n.children.size();
        n.children.values().forEach(todo::push);
      }
    }
    return new MergedTree(root, count);
  }

  /**
   * Hides what lower layers put at and below {@code top}: what the current layer wrote stays;
   * directories kept only because the current layer wrote below them become fresh implicit
   * directories.
   */
  private void prune(Node top) {
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(top);
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (n.touchedBy != layer) {
        detach(n);
        continue;
      }
      if (n.writtenBy != layer) {
        n.entry = implicitDirectory(n.entry.path());
        n.content = null;
        n.writtenBy = layer;
      }
      if (n.children != null) {
        todo.addAll(n.children.values());
      }
    }
  }

  private static void detach(Node n) {
    if (n.parent != null && n.parent.children != null) {
      n.parent.children.remove(n.name, n);
    }
    n.parent = null;
  }

  /**
   * Finds or creates the directory an entry at {@code path} goes into: missing directories are
   * created, a symlink on the way is followed when it leads to a directory, and anything else in
   * the way is replaced by a directory.
   */
  private Node parentFor(String path) {
    Node cur = root;
    int start = 1;
    int end = path.lastIndexOf('/');
    while (start < end) {
      int slash = path.indexOf('/', start);
      if (slash < 0 || slash > end) {
        slash = end;
      }
      String c = path.substring(start, slash);
      start = slash + 1;
      Node next = cur.child(c);
      if (next != null && next.isSymlink()) {
        Resolver.Walk walk = Resolver.walk(root, next.path(), true);
        if (walk.status() == Resolution.Status.FOUND && walk.node().isDirectory()) {
          cur = walk.node();
          continue;
        }
      }
      if (next == null || !next.isDirectory()) {
        if (next != null) {
          next.parent = null;
        }
        next = new Node(c, cur);
        next.entry = implicitDirectory(Node.childPath(cur.path(), c));
        next.makeDirectoryChildren();
        next.writtenBy = layer;
        next.touchedBy = layer;
        cur.children.put(c, next);
      }
      cur = next;
    }
    return cur;
  }

  private void touch(Node n) {
    for (Node p = n; p != null; p = p.parent) {
      p.touchedBy = layer;
    }
  }

  private FileEntry implicitDirectory(String path) {
    return new FileEntry(path, FileType.DIRECTORY, 0755, 0, 0, 0, Optional.empty(), false, origin);
  }

  private static FileEntry withOrigin(FileEntry e, LayerOrigin o) {
    return new FileEntry(
        e.path(), e.type(), e.mode(), e.uid(), e.gid(), e.size(), e.linkTarget(), e.hardLink(), o);
  }

  private void checkOpen() {
    if (built) {
      throw new IllegalStateException("the tree was already built");
    }
  }
}
