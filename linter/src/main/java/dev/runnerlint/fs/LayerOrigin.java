package dev.runnerlint.fs;

import dev.runnerlint.image.Digest;
import java.util.Optional;

/**
 * The layer that last wrote an entry.
 *
 * @param index zero-based position of the layer in the manifest
 * @param digest the layer blob's digest
 * @param createdBy the layer's {@code created_by} from the config history, when recorded
 */
public record LayerOrigin(int index, Digest digest, Optional<String> createdBy) {}
