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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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

  @Mixin ImageOptions imageOptions;

  @Parameters(paramLabel = "IMAGE", description = "The image to read.")
  String image;

  @Option(names = "--ls", paramLabel = "PATH", description = "List a directory of the merged filesystem, ls -l style.")
  String ls;

  @Option(names = "--cat", paramLabel = "PATH", description = "Print a file of the merged filesystem (at most 1 MiB).")
  String cat;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws ImageReadException {
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException("invalid --format '" + format + "': expected text or json");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Inspected> results = new ArrayList<>();
    try (ImageSource source = Images.open(image, imageOptions)) {
      for (PlatformImage platformImage : source.resolve(imageOptions.selector())) {
        results.add(inspect(source, platformImage));
      }
    }
    if (format.equals("json")) {
      printJson(results, out);
    } else {
      results.forEach(r -> printText(r, out));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** One platform read, with what --ls / --cat asked for. */
  private record Inspected(LoadedImage loaded, Optional<Resolution> catTarget, Optional<Content> catContent) {}

  private Inspected inspect(ImageSource source, PlatformImage platformImage) throws ImageReadException {
    ImageReader reader = new ImageReader();
    CapturePolicy policy = CapturePolicy.defaults();
    if (cat != null) {
      policy = policy.plus(Set.of(cat), CAT_LIMIT);
    }
    LoadedImage loaded = reader.read(source, platformImage, policy);
    if (cat == null) {
      return new Inspected(loaded, Optional.empty(), Optional.empty());
    }
    Resolution target = loaded.tree().resolve(cat);
    if (!target.found() || !target.entry().orElseThrow().isRegular()) {
      throw new UsageException(
          source.name() + " (" + platformImage.platform() + "): --cat " + cat + ": " + describe(target));
    }
    FileEntry file = target.entry().orElseThrow();
    Optional<Content> content = loaded.tree().content(file);
    if (content.isEmpty()) {
      // The path went through a symlink: read again, capturing the file it resolves to.
      loaded = reader.read(source, platformImage, policy.plus(Set.of(file.path()), CAT_LIMIT));
      content = loaded.tree().content(loaded.tree().resolve(cat).entry().orElseThrow());
    }
    return new Inspected(loaded, Optional.of(target), content);
  }

  private static String describe(Resolution r) {
    return switch (r.status()) {
      case FOUND -> "is a " + r.entry().orElseThrow().type().name().toLowerCase().replace('_', ' ') + ", not a regular file";
      case NOT_FOUND -> "no such file (resolved to " + r.resolvedPath() + ")";
      case NOT_A_DIRECTORY -> "a component of " + r.resolvedPath() + " is not a directory";
      case LOOP -> "symlink loop (" + String.join(", ", r.hops()) + ")";
      case TOO_MANY_HOPS -> "more than " + FileTree.MAX_SYMLINK_HOPS + " symlinks";
    };
  }

  private List<FileEntry> listing(LoadedImage loaded) {
    Resolution dir = loaded.tree().resolve(ls);
    if (!dir.found() || !dir.entry().orElseThrow().isDirectory()) {
      throw new UsageException(
          loaded.image().reference() + " (" + loaded.image().platform() + "): --ls " + ls + ": "
              + (dir.found() ? "not a directory" : describe(dir)));
    }
    return loaded.tree().list(ls);
  }

  private void printText(Inspected r, PrintWriter out) {
    PlatformImage img = r.loaded().image();
    ImageConfig c = img.config();
    if (cat != null) {
      Content content = r.catContent().orElseThrow();
      out.print(new String(content.bytes(), java.nio.charset.StandardCharsets.UTF_8));
      if (content.truncated()) {
        spec.commandLine().getErr().println("runnerlint: --cat " + cat + ": output cut at " + CAT_LIMIT + " bytes");
      }
      return;
    }
    if (ls != null) {
      for (FileEntry e : listing(r.loaded())) {
        out.printf("%s %5d:%-5d %10d %s%s%n", e.modeString(), e.uid(), e.gid(), e.size(), e.name(),
            e.isSymlink() ? " -> " + e.linkTarget().orElse("") : "");
      }
      return;
    }
    out.println(img.reference());
    row(out, "platform", img.platform().toString());
    row(out, "manifest", img.manifestDigest() + "  (" + img.manifestMediaType() + ")");
    img.indexDigest().ifPresent(d -> row(out, "index", d.toString()));
    row(out, "layers", img.layers().size() + " (" + Sizes.human(img.layersSize()) + " compressed)");
    for (int i = 0; i < img.layers().size(); i++) {
      Descriptor l = img.layers().get(i);
      String createdBy = c.createdByForLayer(i).map(s -> "  " + Sizes.oneLine(s, 60)).orElse("");
      out.printf("  %14s#%d %s %9s %s%s%n", "", i, l.digest().shortHex(), Sizes.human(l.size()), shortType(l.mediaType()), createdBy);
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
        for (FileEntry e : listing(r.loaded())) {
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
      r.catContent().ifPresent(content -> {
        ObjectNode catNode = o.putObject("cat");
        catNode.put("path", cat);
        catNode.put("resolvedPath", r.catTarget().orElseThrow().resolvedPath());
        catNode.put("content", content.text());
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
