/**
 * runnerlint checks container images against the runner-image contract of GitHub's Actions Runner
 * Controller (ARC).
 *
 * <p>Data flows one way, one package per stage. A package may import only the stages to its left
 * (checked by {@code ArchitectureTest}, whose stage list is this picture):
 *
 * <pre>
 * io ─► reference ─► image ─► source ─► layer ─► cache ─► fs ─► facts ─► findings ─► dockerfile
 *    ─► values ─► rules ─► report ─► pipeline ─► cli
 * </pre>
 *
 * <p>{@code io} is stream and message helpers; {@code image} (manifest, config) is the vocabulary
 * {@code source} fetches and verifies; {@code cache} keeps read layers (index and captured
 * contents) on disk, keyed by verified digest; {@code findings} is the model {@code rules} produce
 * and {@code report} renders; {@code dockerfile} and {@code values} (Helm values) are inputs beside
 * the image; {@code pipeline} wires the stages ({@code Linter}, {@code Inspector}); {@code cli} is
 * the only place with flags, stdout and exit codes. See docs/architecture.md.
 */
package dev.runnerlint;
