package dev.runnerlint.facts;

import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.LayerOrigin;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.image.Digest;
import dev.runnerlint.layer.Content;
import dev.runnerlint.layer.FileType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tiny in-memory {@link FileTree} for facts tests: entries declared with a builder, every file's
 * content captured, symlinks followed with the 40-hop limit. Missing parent directories are created
 * as root-owned 0755.
 */
public final class TestTree implements FileTree {
  private static final LayerOrigin ORIGIN =
      new LayerOrigin(0, Digest.parse("sha256:" + "0".repeat(64)), Optional.empty());

  private final Map<String, FileEntry> entries;
  private final Map<String, byte[]> contents;

  private TestTree(Map<String, FileEntry> entries, Map<String, byte[]> contents) {
    this.entries = entries;
    this.contents = contents;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Declares entries. */
  public static final class Builder {
    private final Map<String, FileEntry> entries = new TreeMap<>();
    private final Map<String, byte[]> contents = new HashMap<>();

    Builder() {
      entries.put("/", entry("/", FileType.DIRECTORY, 0755, 0, 0, null));
    }

    public Builder file(String path, String text, int mode, long uid, long gid) {
      return file(path, text.getBytes(StandardCharsets.UTF_8), mode, uid, gid);
    }

    public Builder file(String path, byte[] bytes, int mode, long uid, long gid) {
      parents(path);
      entries.put(path, entry(path, FileType.REGULAR, mode, uid, gid, null));
      contents.put(path, bytes);
      return this;
    }

    /** A regular file whose content was not captured. */
    public Builder uncaptured(String path, int mode, long uid, long gid) {
      parents(path);
      entries.put(path, entry(path, FileType.REGULAR, mode, uid, gid, null));
      return this;
    }

    public Builder dir(String path, int mode, long uid, long gid) {
      parents(path);
      entries.put(path, entry(path, FileType.DIRECTORY, mode, uid, gid, null));
      return this;
    }

    public Builder symlink(String path, String target) {
      parents(path);
      entries.put(path, entry(path, FileType.SYMLINK, 0777, 0, 0, target));
      return this;
    }

    public TestTree build() {
      return new TestTree(new TreeMap<>(entries), new HashMap<>(contents));
    }

    private void parents(String path) {
      String p = parent(path);
      while (!entries.containsKey(p)) {
        entries.put(p, entry(p, FileType.DIRECTORY, 0755, 0, 0, null));
        p = parent(p);
      }
    }

    private static FileEntry entry(
        String path, FileType type, int mode, long uid, long gid, String target) {
      return new FileEntry(
          path, type, mode, uid, gid, 0, Optional.ofNullable(target), false, ORIGIN);
    }
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  @Override
  public Resolution resolve(String path) {
    return walk(path, true);
  }

  @Override
  public Optional<FileEntry> lstat(String path) {
    Resolution r = walk(path, false);
    return r.entry();
  }

  private Resolution walk(String requested, boolean followLast) {
    Deque<String> todo = new ArrayDeque<>(split(requested));
    List<String> hops = new ArrayList<>();
    String cur = "/";
    while (!todo.isEmpty()) {
      String part = todo.pollFirst();
      if (part.equals("..")) {
        cur = parent(cur);
        continue;
      }
      String next = cur.equals("/") ? "/" + part : cur + "/" + part;
      FileEntry e = entries.get(next);
      if (e == null) {
        return new Resolution(requested, Resolution.Status.NOT_FOUND, Optional.empty(), next, hops);
      }
      if (e.isSymlink() && (followLast || !todo.isEmpty())) {
        if (hops.size() >= MAX_SYMLINK_HOPS) {
          return new Resolution(
              requested, Resolution.Status.TOO_MANY_HOPS, Optional.empty(), next, hops);
        }
        String target = e.linkTarget().orElseThrow();
        hops.add(next + " -> " + target);
        List<String> t = split(target);
        for (int i = t.size() - 1; i >= 0; i--) {
          todo.addFirst(t.get(i));
        }
        if (target.startsWith("/")) {
          cur = "/";
        }
        continue;
      }
      if (!todo.isEmpty() && !e.isDirectory()) {
        return new Resolution(
            requested, Resolution.Status.NOT_A_DIRECTORY, Optional.empty(), next, hops);
      }
      cur = next;
    }
    return new Resolution(
        requested, Resolution.Status.FOUND, Optional.of(entries.get(cur)), cur, hops);
  }

  private static List<String> split(String path) {
    return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty() && !s.equals(".")).toList();
  }

  @Override
  public List<FileEntry> list(String directory) {
    Resolution r = resolve(directory);
    if (!r.found() || !r.entry().get().isDirectory()) {
      return List.of();
    }
    String dir = r.resolvedPath();
    String prefix = dir.equals("/") ? "/" : dir + "/";
    return entries.values().stream()
        .filter(e -> !e.path().equals("/") && e.path().startsWith(prefix))
        .filter(e -> e.path().indexOf('/', prefix.length()) < 0)
        .toList();
  }

  @Override
  public Optional<Content> content(FileEntry file) {
    byte[] b = contents.get(file.path());
    return b == null ? Optional.empty() : Optional.of(new Content(b.clone(), false));
  }

  @Override
  public int size() {
    return entries.size() - 1;
  }
}
