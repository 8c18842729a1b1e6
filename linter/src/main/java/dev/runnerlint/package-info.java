/**
 * runnerlint checks container images against the runner-image contract of GitHub's Actions Runner
 * Controller (ARC).
 *
 * <p>Data flows one way, one package per step:
 *
 * <pre>
 * reference ─► source ─► image (manifest + config) ─► layer ─► fs ─► facts ─► rules ─► report
 *                                     pipeline wires the steps; cli is the only place with flags,
 *                                     stdout and exit codes.
 * </pre>
 */
package dev.runnerlint;
