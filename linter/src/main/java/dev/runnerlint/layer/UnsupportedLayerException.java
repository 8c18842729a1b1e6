package dev.runnerlint.layer;

/** A layer whose media type and bytes are neither a tar nor a gzip- or zstd-compressed tar. */
public class UnsupportedLayerException extends LayerFormatException {
  public UnsupportedLayerException(String message) {
    super(message);
  }
}
