/**
 * Typed views ("facts") computed from an image's merged {@link dev.runnerlint.fs.FileTree} and its
 * {@link dev.runnerlint.image.ImageConfig}: passwd and group databases, the container identity,
 * permission checks, {@code PATH} lookup, the sudoers policy, ELF headers and shebang lines.
 *
 * <p>Facts never open streams: they read only what the tree captured while layers streamed by
 * ({@link dev.runnerlint.fs.FileTree#content}). Problems in the image's files are values (e.g.
 * {@link dev.runnerlint.facts.ParseProblem}), never exceptions.
 */
package dev.runnerlint.facts;
