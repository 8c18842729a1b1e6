package dev.runnerlint.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnerlint.fs.Content;
import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.FileTree;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.image.Descriptor;
import dev.runnerlint.image.ImageConfig;
import dev.runnerlint.layer.CapturePolicy;
import dev.runnerlint.pipeline.ImageReader;
import dev.runnerlint.pipeline.LoadedImage;
import dev.runnerlint.source.ImageReadException;
import dev.runnerlint.source.ImageSource;
import dev.runnerlint.source.PlatformImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runnerlint inspect IMAGE}: what an image holds, per platform. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Reads an image whole (every blob verified) and prints, per platform: the reference, manifest"
          + " digest, layers, config and the number of files of the merged filesystem.",
      "IMAGE: [docker://]REGISTRY/REPO[:TAG][@DIGEST], oci:DIR[:REF], oci-archive:FILE[:REF],"
          + " docker-archive:FILE[:REPO:TAG]"
    })
final class InspectCommand implements Callable<Integer> {

  /** The most bytes {@code --cat} prints. */
  static final int CAT_LIMIT = 1 << 20;

  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Mixin ImageOptions imageOptions;

  @Parameters(paramLabel = "IMAGE", description = "The image to read.")
  String image;

  @Option(
      names = "--ls",
      paramLabel = "PATH",
      description = "List a directory of the merged filesystem, ls -l style.")
  String ls;

  @Option(
      names = "--cat",
      paramLabel = "PATH",
      description = "Print a file of the merged filesystem (at most 1 MiB).")
  String cat;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws ImageReadException {
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException("invalid --format '" + format + "': expected text or json");
    }
    PrintWriter out = spec.commandLine().getOut();
    // Everything is read and checked before anything is printed: a failure on the second platform
    // (or a --ls / --cat path missing there) never leaves half an answer on stdout.
    List<Inspected> results = new ArrayList<>();
    try (ImageSource source = Images.open(image, imageOptions)) {
      for (PlatformImage platformImage : source.resolve(imageOptions.selector())) {
        results.add(inspect(platformImage.reference(), source, platformImage));
      }
    }
    if (format.equals("json")) {
      printJson(results, out);
    } else {
      boolean headers = results.size() > 1;
      results.forEach(r -> printText(r, headers, out));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** One platform read, with what --ls / --cat asked for. */
  private record Inspected(
      LoadedImage loaded,
      Optional<List<FileEntry>> listing,
      Optional<Resolution> catTarget,
      Optional<Content> catContent) {}

  private Inspected inspect(String name, ImageSource source, PlatformImage platformImage)
      throws ImageReadException {
    ImageReader reader = new ImageReader(imageOptions.maxLayerSize);
    CapturePolicy policy = CapturePolicy.defaults();
    if (cat != null) {
      policy = policy.plus(Set.of(cat), CAT_LIMIT);
    }
    LoadedImage loaded = reader.read(source, platformImage, policy);
    String where = name + " (" + platformImage.platform() + ")";
    Optional<List<FileEntry>> listing =
        ls == null ? Optional.empty() : Optional.of(listing(where, loaded));
    if (cat == null) {
      return new Inspected(loaded, listing, Optional.empty(), Optional.empty());
    }
    Resolution target = loaded.tree().resolve(cat);
    if (!target.found() || !target.entry().orElseThrow().isRegular()) {
      throw new UsageException(where + ": --cat " + cat + ": " + describe(target));
    }
    FileEntry file = target.entry().orElseThrow();
    Optional<Content> content = loaded.tree().content(file);
    if (!complete(content, file)) {
      // The path went through a symlink or a hard link, so the bytes were kept (if at all) under
      // another name and only as far as the default policy wanted: read again, capturing the file
      // the path resolves to.
      Set<String> paths = new HashSet<>();
      paths.add(file.path());
      if (file.hardLink()) {
        file.linkTarget().ifPresent(paths::add);
      }
      loaded = reader.read(source, platformImage, policy.plus(paths, CAT_LIMIT));
      target = loaded.tree().resolve(cat);
      content = loaded.tree().content(target.entry().orElseThrow());
    }
    if (content.isEmpty() && file.size() > 0) {
      throw new IllegalStateException(
          "--cat " + cat + ": the content of " + file.path() + " was not captured");
    }
    return new Inspected(
        loaded,
        listing,
        Optional.of(target),
        Optional.of(content.orElse(new Content(new byte[0], false))));
  }

  /** True when {@code content} holds the file, or as much of it as --cat prints. */
  private static boolean complete(Optional<Content> content, FileEntry file) {
    if (content.isEmpty()) {
      return file.size() == 0;
    }
    Content c = content.get();
    return !c.truncated() || c.bytes().length >= CAT_LIMIT;
  }

  private static String describe(Resolution r) {
    return switch (r.status()) {
      case FOUND ->
          "is a "
              + r.entry().orElseThrow().type().name().toLowerCase().replace('_', ' ')
              + ", not a regular file";
      case NOT_FOUND -> "no such file or directory" + resolvedVia(r);
      case NOT_A_DIRECTORY -> "a component of " + r.resolvedPath() + " is not a directory";
      case LOOP -> "symlink loop (" + String.join(", ", r.hops()) + ")";
      case TOO_MANY_HOPS -> "more than " + FileTree.MAX_SYMLINK_HOPS + " symlinks";
    };
  }

  private static String resolvedVia(Resolution r) {
    return r.hops().isEmpty() ? "" : " (resolved to " + r.resolvedPath() + ")";
  }

  private List<FileEntry> listing(String where, LoadedImage loaded) {
    Resolution dir = loaded.tree().resolve(ls);
    if (!dir.found() || !dir.entry().orElseThrow().isDirectory()) {
      throw new UsageException(
          where + ": --ls " + ls + ": " + (dir.found() ? "not a directory" : describe(dir)));
    }
    return loaded.tree().list(ls);
  }

  private void printText(Inspected r, boolean headers, PrintWriter out) {
    PlatformImage img = r.loaded().image();
    ImageConfig c = img.config();
    if (cat != null || ls != null) {
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
                  spec.commandLine()
                      .getErr()
                      .println(
                          "runnerlint: "
                              + img.reference()
                              + " ("
                              + img.platform()
                              + "): --cat "
                              + cat
                              + ": output cut at "
                              + content.bytes().length
                              + " bytes");
                }
              });
      return;
    }
    out.println(img.reference());
    row(out, "platform", img.platform().toString());
    row(out, "manifest", img.manifestDigest() + "  (" + img.manifestMediaType() + ")");
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
    if (main == null || main.rawOut == null) {
      out.print(new String(bytes, StandardCharsets.UTF_8));
      return;
    }
    out.flush();
    try {
      main.rawOut.write(bytes);
      main.rawOut.flush();
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

  private static void row(PrintWriter out, String key, String value) {
    out.printf("  %-12s %s%n", key, value);
  }

  private void printJson(List<Inspected> results, PrintWriter out) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    ArrayNode images = root.putArray("images");
    for (Inspected r : results) {
      PlatformImage img = r.loaded().image();
      ImageConfig c = img.config();
      ObjectNode o = images.addObject();
      o.put("reference", img.reference());
      o.put("repository", img.repository());
      o.put("platform", img.platform().toString());
      o.put("manifestDigest", img.manifestDigest().toString());
      o.put("manifestMediaType", img.manifestMediaType());
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
      if (ls != null) {
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
                catNode.put("path", cat);
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
