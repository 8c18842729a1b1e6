/**
 * The layer-index cache: for a layer blob whose digest a verified manifest names, the entries a
 * {@code layer.LayerReader} read and the contents it captured under one {@code CapturePolicy}, kept
 * on disk so that the next run need not fetch, verify and inflate that blob again. It knows layers
 * and digests, nothing about sources, trees or rules; {@code pipeline} decides when to use it.
 */
package dev.runnerlint.cache;
