package dev.runnerlint.fs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Symlink-aware path lookup over nodes, as the Linux kernel walks a path: every component in turn,
 * {@code ..} stops at the root, an absolute symlink target restarts at the image root, a relative
 * one continues from the link's directory. Iterative: no recursion, no stack overflow.
 */
final class Resolver {

  private Resolver() {}

  /** The outcome of a walk: the status, the node reached (when found) and the hops taken. */
  record Walk(Resolution.Status status, Node node, String path, List<String> hops) {
    Resolution toResolution(String requested) {
      return new Resolution(
          requested,
          status,
          node == null ? java.util.Optional.empty() : java.util.Optional.of(node.entry),
          path,
          hops);
    }
  }

  static Walk walk(Node root, String path, boolean followLast) {
    Deque<String> todo = new ArrayDeque<>();
    pushComponents(todo, path);
    Node current = root;
    List<String> hops = List.of();
    Set<String> seen = null; // made on the first symlink: most lookups follow none
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (!current.isDirectory()) {
        return new Walk(
            Resolution.Status.NOT_A_DIRECTORY, null, join(current.path(), c, todo), hops);
      }
      if (c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (current.parent != null) {
          current = current.parent;
        }
        continue;
      }
      Node next = current.child(c);
      if (next == null) {
        return new Walk(Resolution.Status.NOT_FOUND, null, join(current.path(), c, todo), hops);
      }
      boolean last = todo.isEmpty();
      if (next.isSymlink() && (!last || followLast)) {
        String target = next.entry.linkTarget().orElse("");
        if (seen == null) {
          seen = new HashSet<>();
          hops = new ArrayList<>();
        }
        String state = next.path() + "\0" + String.join("/", todo);
        if (!seen.add(state)) {
          return new Walk(Resolution.Status.LOOP, null, next.path(), hops);
        }
        if (hops.size() >= FileTree.MAX_SYMLINK_HOPS) {
          return new Walk(Resolution.Status.TOO_MANY_HOPS, null, next.path(), hops);
        }
        hops.add(next.path() + " -> " + target);
        if (target.isEmpty()) {
          return new Walk(Resolution.Status.NOT_FOUND, null, next.path(), hops);
        }
        pushComponents(todo, target);
        if (target.startsWith("/")) {
          current = root;
        }
        continue;
      }
      current = next;
    }
    return new Walk(Resolution.Status.FOUND, current, current.path(), hops);
  }

  /** Pushes a path's components onto the front of the queue, in order. */
  private static void pushComponents(Deque<String> todo, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      if (!parts[i].isEmpty()) {
        todo.addFirst(parts[i]);
      }
    }
  }

  private static String join(String base, String c, Deque<String> rest) {
    StringBuilder sb = new StringBuilder(Node.childPath(base, c));
    for (String r : rest) {
      sb.append('/').append(r);
    }
    return sb.toString();
  }
}
