package dev.runnerlint.rules;

import dev.runnerlint.rules.lang.YamlNode;
import dev.runnerlint.rules.lang.YamlNodeCodec;
import dev.runnerlint.rules.lang.YamlReader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build step (Maven's process-classes phase): writes each built-in pack's parsed tree ({@link
 * YamlNodeCodec}) beside its YAML in the classes directory, so a run reads the packs without a YAML
 * parser. A pack that does not parse fails the build here, with its file and line.
 */
public final class BuiltinPackTrees {

  private BuiltinPackTrees() {}

  /** The resource name of pack {@code yamlName}'s tree, beside the YAML. */
  static String treeName(String yamlName) {
    return yamlName.replaceFirst("\\.yaml$", "") + ".tree";
  }

  /** The resource name of the built-in packs' doc files in one bundle. */
  static final String DOCS_BUNDLE = "docs.bundle";

  /**
   * {@code args[0]}: the classes directory that holds {@link RuleCatalog#BUILTIN_ROOT}; writes the
   * packs' trees and the bundle of their doc files ({@code docs/*.md}: one resource read instead of
   * one a rule).
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]).resolve(RuleCatalog.BUILTIN_ROOT);
    writeDocsBundle(dir);
    for (String name : RuleCatalog.BUILTIN_PACKS) {
      String file = "builtin:" + name;
      YamlNode root;
      try (Reader r = Files.newBufferedReader(dir.resolve(name), StandardCharsets.UTF_8)) {
        root = YamlReader.read(r, file);
      }
      Path target = dir.resolve(treeName(name));
      Path tmp = Files.createTempFile(dir, ".tree-", ".tmp");
      try (OutputStream o = Files.newOutputStream(tmp);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(o))) {
        YamlNodeCodec.write(root, out);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** {@code docs/NAME} → text for every file of {@code dir/docs}, sorted: a count, then pairs. */
  private static void writeDocsBundle(Path dir) throws IOException {
    List<Path> docs;
    try (Stream<Path> files = Files.list(dir.resolve("docs"))) {
      docs = files.filter(Files::isRegularFile).sorted().toList();
    }
    Path tmp = Files.createTempFile(dir, ".docs-", ".tmp");
    try (OutputStream o = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(o))) {
      out.writeInt(docs.size());
      for (Path doc : docs) {
        out.writeUTF("docs/" + doc.getFileName());
        byte[] text = Files.readAllBytes(doc);
        out.writeInt(text.length);
        out.write(text);
      }
    }
    Files.move(
        tmp,
        dir.resolve(DOCS_BUNDLE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The bundle's docs, or an empty map without it (classes compiled outside Maven: then each doc is
   * read as its own resource, with the same text).
   */
  static Map<String, String> readDocsBundle(InputStream bundle) {
    if (bundle == null) {
      return Map.of();
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(bundle, 1 << 16))) {
      int n = in.readInt();
      Map<String, String> docs = new HashMap<>();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        byte[] text = new byte[in.readInt()];
        in.readFully(text);
        docs.put(name, new String(text, StandardCharsets.UTF_8));
      }
      return Map.copyOf(docs);
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
  }
}
