package dev.runnerlint.dockerfile;

import dev.runnerlint.findings.Finding;
import dev.runnerlint.findings.ImageResult;
import java.util.Optional;

/**
 * Maps a finding to the Dockerfile line responsible for it ({@code --dockerfile}). Reporters that
 * show source locations (SARIF, GitHub) use it when given one.
 */
@FunctionalInterface
public interface DockerfileLocator {
  /** The responsible line, or empty when this locator cannot place the finding. */
  Optional<DockerfileLocation> locate(ImageResult image, Finding finding);
}
