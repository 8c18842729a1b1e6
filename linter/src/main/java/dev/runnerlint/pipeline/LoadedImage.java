package dev.runnerlint.pipeline;

import dev.runnerlint.fs.FileTree;
import dev.runnerlint.image.PlatformImage;

/**
 * One platform of an image read whole: its manifest and config, and the merged filesystem every
 * layer of it built.
 */
public record LoadedImage(PlatformImage image, FileTree tree) {}
