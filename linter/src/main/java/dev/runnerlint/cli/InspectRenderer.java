package dev.runnerlint.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.image.PlatformImage;
import dev.runnerlint.pipeline.Inspection;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders {@code inspect}'s model ({@link Inspection}s, built by the pipeline's {@code Inspector})
 * as text or JSON; it reads nothing. A {@code --cat} file goes to {@code rawOut} as bytes when
 * stdout takes bytes.
 */
final class InspectRenderer {
  private final PrintWriter out;
  private final PrintWriter err;
  private final OutputStream rawOut;

  InspectRenderer(PrintWriter out, PrintWriter err, OutputStream rawOut) {
    this.out = out;
    this.err = err;
    this.rawOut = rawOut;
  }

  /** The text format: one block per platform, or the --ls / --cat output. */
  void text(List<Inspection> results) {
    boolean headers = results.size() > 1;
    results.forEach(r -> text(r, headers, out));
  }

  private void text(Inspection r, boolean headers, PrintWriter out) {
    PlatformImage img = r.loaded().image();
    ImageConfig c = img.config();
    if (r.catPath().isPresent() || r.listing().isPresent()) {
      if (headers) {
        out.println("==> " + img.reference() + " (" + img.platform() + ") <==");
      }
      r.listing().ifPresent(entries -> entries.forEach(e -> out.println(lsLine(e))));
      r.catContent()
          .ifPresent(
              content -> {
                writeRaw(content.bytes(), out);
                if (content.truncated()) {
                  out.flush();
                  err.println(
                      "runnerlint: "
                          + img.reference()
                          + " ("
                          + img.platform()
                          + "): --cat "
                          + r.catPath().orElseThrow()
                          + ": output cut at "
                          + content.bytes().length
                          + " bytes");
                }
              });
      return;
    }
    out.println(img.reference());
    row(out, "platform", img.platform().toString());
    if (hasNoManifest(img)) {
      row(out, "image ID", img.manifestDigest() + "  (config digest: the archive has no manifest)");
    } else {
      row(out, "manifest", img.manifestDigest() + "  (" + img.manifestMediaType() + ")");
    }
    img.indexDigest().ifPresent(d -> row(out, "index", d.toString()));
    row(out, "layers", img.layers().size() + " (" + Sizes.human(img.layersSize()) + ")");
    for (int i = 0; i < img.layers().size(); i++) {
      Descriptor l = img.layers().get(i);
      String createdBy = c.createdByForLayer(i).map(s -> "  " + Sizes.oneLine(s, 60)).orElse("");
      out.printf(
          "  %14s#%d %s %9s %s%s%n",
          "", i, l.digest().shortHex(), Sizes.human(l.size()), shortType(l.mediaType()), createdBy);
    }
    row(out, "user", c.user().isEmpty() ? "(not set: root)" : c.user());
    row(out, "workdir", c.workingDir().isEmpty() ? "(not set: /)" : c.workingDir());
    if (c.env().isEmpty()) {
      row(out, "env", "(none)");
    }
    for (int i = 0; i < c.env().size(); i++) {
      row(out, i == 0 ? "env" : "", c.env().get(i));
    }
    row(out, "entrypoint", c.entrypoint().isEmpty() ? "(not set)" : Sizes.json(c.entrypoint()));
    row(out, "cmd", c.cmd().isEmpty() ? "(not set)" : Sizes.json(c.cmd()));
    row(out, "files", Integer.toString(r.loaded().tree().size()));
    out.println();
  }

  /** File content as is: bytes when stdout takes bytes, else decoded as UTF-8. */
  private void writeRaw(byte[] bytes, PrintWriter out) {
    if (rawOut == null) {
      out.print(new String(bytes, StandardCharsets.UTF_8));
      return;
    }
    out.flush();
    try {
      rawOut.write(bytes);
      rawOut.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes as text when they are valid UTF-8. */
  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** One {@code ls -l} style line: mode, uid:gid, size, name and a symlink's target. */
  static String lsLine(FileEntry e) {
    String link = e.isSymlink() ? " -> " + e.linkTarget().orElse("") : "";
    return String.format(
        Locale.ROOT,
        "%s %5d:%-5d %10d %s%s",
        e.modeString(),
        e.uid(),
        e.gid(),
        e.size(),
        e.name(),
        link);
  }

  private static String shortType(String mediaType) {
    if (mediaType.endsWith("gzip")) {
      return "gzip";
    }
    if (mediaType.endsWith("zstd")) {
      return "zstd";
    }
    return mediaType.endsWith(".tar") ? "tar" : mediaType;
  }

  /**
   * True for {@code docker save} output, which holds no registry manifest: its digest is the image
   * ID (the config digest).
   */
  private static boolean hasNoManifest(PlatformImage img) {
    return img.manifestDigest().equals(img.configDescriptor().digest());
  }

  private static void row(PrintWriter out, String key, String value) {
    out.printf("  %-12s %s%n", key, value);
  }

  /** The JSON format: {@code {"images": [...]}}. */
  void json(List<Inspection> results) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("toolVersion", VersionProvider.version());
    ArrayNode images = root.putArray("images");
    for (Inspection r : results) {
      PlatformImage img = r.loaded().image();
      ImageConfig c = img.config();
      ObjectNode o = images.addObject();
      o.put("reference", img.reference());
      o.put("repository", img.repository());
      o.put("platform", img.platform().toString());
      o.put("imageId", img.configDescriptor().digest().toString());
      o.put("manifestDigest", hasNoManifest(img) ? null : img.manifestDigest().toString());
      o.put("manifestMediaType", hasNoManifest(img) ? null : img.manifestMediaType());
      o.put("indexDigest", img.indexDigest().map(Object::toString).orElse(null));
      ArrayNode layers = o.putArray("layers");
      for (int i = 0; i < img.layers().size(); i++) {
        Descriptor l = img.layers().get(i);
        ObjectNode ln = layers.addObject();
        ln.put("digest", l.digest().toString());
        ln.put("mediaType", l.mediaType());
        ln.put("size", l.size());
        ln.put("createdBy", c.createdByForLayer(i).orElse(null));
      }
      ObjectNode config = o.putObject("config");
      config.put("User", c.user());
      config.put("WorkingDir", c.workingDir());
      c.env().forEach(config.putArray("Env")::add);
      c.entrypoint().forEach(config.putArray("Entrypoint")::add);
      c.cmd().forEach(config.putArray("Cmd")::add);
      o.put("files", r.loaded().tree().size());
      if (r.listing().isPresent()) {
        ArrayNode entries = o.putArray("ls");
        for (FileEntry e : r.listing().orElseThrow()) {
          ObjectNode en = entries.addObject();
          en.put("name", e.name());
          en.put("path", e.path());
          en.put("type", e.type().name().toLowerCase());
          en.put("mode", e.modeString());
          en.put("uid", e.uid());
          en.put("gid", e.gid());
          en.put("size", e.size());
          en.put("linkTarget", e.linkTarget().orElse(null));
          en.put("layer", e.origin().index());
        }
      }
      r.catContent()
          .ifPresent(
              content -> {
                ObjectNode catNode = o.putObject("cat");
                catNode.put("path", r.catPath().orElseThrow());
                catNode.put("resolvedPath", r.catTarget().orElseThrow().resolvedPath());
                Optional<String> text = utf8(content.bytes());
                if (text.isPresent()) {
                  catNode.put("content", text.get());
                } else {
                  catNode.put("contentBase64", Base64.getEncoder().encodeToString(content.bytes()));
                }
                catNode.put("truncated", content.truncated());
              });
    }
    try {
      mapper.writeValue(out, root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println();
  }
}
