package dev.runnerlint.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The images of one lint run: the arguments, then the lines of {@code --images-from FILE}. */
final class BatchInput {
  private BatchInput() {}

  static List<String> references(List<String> args, Path imagesFrom, Environment env) {
    List<String> refs = new ArrayList<>(args == null ? List.of() : args);
    if (imagesFrom != null) {
      Path file = env.resolve(imagesFrom);
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UsageException(
            "--images-from " + imagesFrom + ": cannot read: " + e.getClass().getSimpleName(), e);
      }
      for (String line : lines) {
        int hash = line.indexOf('#');
        String ref = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (!ref.isEmpty()) {
          refs.add(ref);
        }
      }
    }
    if (refs.isEmpty()) {
      throw new UsageException(
          imagesFrom == null
              ? "missing IMAGE: name at least one image (or --images-from FILE)"
              : "--images-from " + imagesFrom + " names no image");
    }
    return refs;
  }
}
