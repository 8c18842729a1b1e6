package dev.runnerlint.rules;

import dev.runnerlint.rules.lang.YamlNode;
import dev.runnerlint.rules.lang.YamlNodeCodec;
import dev.runnerlint.rules.lang.YamlReader;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

  /** {@code args[0]}: the classes directory that holds {@link RuleCatalog#BUILTIN_ROOT}. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]).resolve(RuleCatalog.BUILTIN_ROOT);
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
}
