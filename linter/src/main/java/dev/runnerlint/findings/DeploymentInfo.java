package dev.runnerlint.findings;

import java.util.Optional;

/**
 * How the linted images are deployed, when the run was given one ({@code --values}, {@code
 * --mode}): reports show it.
 *
 * @param mode the ARC container mode: {@code default}, {@code dind}, {@code kubernetes} or {@code
 *     kubernetes-novolume}
 * @param valuesFile the Helm values file, relative to the working directory, when one was given
 */
public record DeploymentInfo(String mode, Optional<String> valuesFile) {}
