package dev.runnerlint.pipeline;

import dev.runnerlint.fs.FileEntry;
import dev.runnerlint.fs.Resolution;
import dev.runnerlint.layer.Content;
import java.util.List;
import java.util.Optional;

/**
 * What {@code inspect} found for one platform: the image read whole, and what {@code --ls} / {@code
 * --cat} asked for. A renderer prints it; nothing in it is read again.
 *
 * @param loaded the platform's manifest, config and merged tree
 * @param listing the entries of the {@code --ls} directory, when asked
 * @param catPath the {@code --cat} path as asked, when asked
 * @param catTarget where the {@code --cat} path resolved to
 * @param catContent the {@code --cat} file's bytes (at most {@link Inspector#CAT_LIMIT})
 */
public record Inspection(
    LoadedImage loaded,
    Optional<List<FileEntry>> listing,
    Optional<String> catPath,
    Optional<Resolution> catTarget,
    Optional<Content> catContent) {}
