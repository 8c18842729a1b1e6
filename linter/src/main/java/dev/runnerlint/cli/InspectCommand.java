package dev.runnerlint.cli;

import dev.runnerlint.pipeline.InspectPathException;
import dev.runnerlint.pipeline.Inspection;
import dev.runnerlint.pipeline.Inspector;
import dev.runnerlint.pipeline.InvalidReferenceException;
import dev.runnerlint.pipeline.Linter;
import dev.runnerlint.source.ImageReadException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
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
    addMethodSubcommands = false,
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Reads an image whole (every blob verified) and prints, per platform: the reference, manifest"
          + " digest, layers, config and the number of files of the merged filesystem.",
      "IMAGE: [docker://]REGISTRY/REPO[:TAG][@DIGEST], oci:DIR[:REF], oci-archive:FILE[:REF],"
          + " docker-archive:FILE[:REPO:TAG], docker-daemon:NAME[:TAG], docker-daemon:sha256:ID"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "2:usage error (a bad flag or reference, --ls/--cat of a path that is not there)",
      "3:the image could not be read whole",
      "70:internal error (a bug; --debug shows the stack trace)"
    })
final class InspectCommand implements Callable<Integer> {

  /** The most bytes {@code --cat} prints. */
  static final int CAT_LIMIT = Inspector.CAT_LIMIT;

  @Spec CommandSpec spec;

  @ParentCommand RootCommand main;

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
    Inspector inspector =
        new Inspector(
            Linter.Options.defaults()
                .withSource(imageOptions.sourceOptions())
                .withPlatforms(imageOptions.selector())
                .withMaxLayerSize(imageOptions.maxLayerSize));
    List<Inspection> results;
    try {
      results = inspector.inspect(image, Optional.ofNullable(ls), Optional.ofNullable(cat));
    } catch (InvalidReferenceException | InspectPathException e) {
      throw new UsageException(e.getMessage(), e);
    }
    InspectRenderer renderer =
        new InspectRenderer(out, spec.commandLine().getErr(), main == null ? null : main.rawOut);
    if (format.equals("json")) {
      renderer.json(results);
    } else {
      renderer.text(results);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
