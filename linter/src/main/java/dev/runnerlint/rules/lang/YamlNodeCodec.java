package dev.runnerlint.rules.lang;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact binary form of a {@link YamlNode} tree, lines included: what the build writes for each
 * built-in rule pack beside its YAML, so a run reads the packs without starting a YAML parser (a
 * fifth of a warm lint's CPU; docs/performance.md). Reading gives a tree equal to what {@link
 * YamlReader} gives for the same YAML (tested), so every message and location is the same.
 */
public final class YamlNodeCodec {

  /** The first bytes of the form; a different or newer form is refused (the YAML is read). */
  private static final int MAGIC = 0x524c594e; // "RLYN"

  private static final int VERSION = 1;

  private YamlNodeCodec() {}

  /** Writes {@code root}. */
  public static void write(YamlNode root, DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    node(root, out);
  }

  /**
   * Reads a tree written by {@link #write}; {@code file} names it in errors, as for the YAML.
   *
   * @throws IOException when the bytes are not this form (or are cut short)
   */
  public static YamlNode read(DataInputStream in, String file) throws IOException {
    if (in.readInt() != MAGIC || in.readInt() != VERSION) {
      throw new IOException("not a rule-pack tree of this version");
    }
    return node(in, file);
  }

  private static void node(YamlNode n, DataOutputStream out) throws IOException {
    out.writeByte(n.kind().ordinal());
    out.writeInt(n.line());
    switch (n.kind()) {
      case SCALAR -> out.writeUTF(n.text());
      case MAP -> {
        out.writeInt(n.entries().size());
        for (Map.Entry<String, YamlNode> e : n.entries().entrySet()) {
          out.writeUTF(e.getKey());
          out.writeInt(n.keyLine(e.getKey()));
          node(e.getValue(), out);
        }
      }
      case LIST -> {
        out.writeInt(n.items().size());
        for (YamlNode item : n.items()) {
          node(item, out);
        }
      }
      case NULL -> {}
    }
  }

  private static YamlNode node(DataInputStream in, String file) throws IOException {
    int kind = in.readUnsignedByte();
    int line = in.readInt();
    if (kind >= YamlNode.Kind.values().length) {
      throw new IOException("unknown node kind " + kind);
    }
    return switch (YamlNode.Kind.values()[kind]) {
      case SCALAR -> YamlNode.scalar(in.readUTF(), file, line);
      case MAP -> {
        int size = in.readInt();
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new HashMap<>();
        for (int i = 0; i < size; i++) {
          String key = in.readUTF();
          keyLines.put(key, in.readInt());
          entries.put(key, node(in, file));
        }
        yield YamlNode.map(entries, keyLines, file, line);
      }
      case LIST -> {
        int size = in.readInt();
        List<YamlNode> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          items.add(node(in, file));
        }
        yield YamlNode.list(items, file, line);
      }
      case NULL -> YamlNode.nul(file, line);
    };
  }
}
