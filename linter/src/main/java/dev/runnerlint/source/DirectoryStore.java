package dev.runnerlint.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** A {@link LayoutStore} over a directory (an {@code oci:} layout). */
final class DirectoryStore implements LayoutStore {

  private final Path root;

  DirectoryStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  private Path resolve(String path) throws NoSuchFileException {
    Path p = root.resolve(path).normalize();
    if (!p.startsWith(root)) {
      throw new NoSuchFileException(path);
    }
    return p;
  }

  @Override
  public Optional<Long> size(String path) throws IOException {
    Path p = resolve(path);
    return Files.isRegularFile(p) ? Optional.of(Files.size(p)) : Optional.empty();
  }

  @Override
  public InputStream open(String path) throws IOException {
    return Files.newInputStream(resolve(path));
  }

  @Override
  public void close() {}
}
