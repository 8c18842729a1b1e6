/**
 * Small stream loops shared by the steps that read blobs ({@code source}, {@code layer}); it
 * depends on no other runnerlint package, so any step may use it.
 */
package dev.runnerlint.io;
