package dev.runnerlint.layer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One layer as {@link LayerReader} walked it: its entries in tar order, each with the content
 * captured for it. What a layer cache stores and what a layer read on another thread hands back;
 * {@link #replay} gives a visitor exactly the calls the streaming read would have made (a layer's
 * read does not depend on the layers before it: every {@link LayerReader} read of one layer starts
 * from the policy's full bounds).
 */
public final class RecordedLayer implements LayerVisitor {

  private final List<LayerEntry> entries;
  private final List<Content> contents; // null: no content captured (Optional.empty())
  private long capturedBytes;

  /** An empty recording, to be filled by {@link LayerReader#read} as its visitor. */
  public RecordedLayer() {
    this(new ArrayList<>(), new ArrayList<>());
  }

  private RecordedLayer(List<LayerEntry> entries, List<Content> contents) {
    this.entries = entries;
    this.contents = contents;
  }

  /** Builds a recording from stored parts (a cache); {@code contents} holds nulls for none. */
  public static RecordedLayer of(List<LayerEntry> entries, List<Content> contents) {
    if (entries.size() != contents.size()) {
      throw new IllegalArgumentException("entries and contents differ in length");
    }
    RecordedLayer r = new RecordedLayer(new ArrayList<>(entries), new ArrayList<>(contents));
    for (Content c : contents) {
      r.capturedBytes += c == null ? 0 : c.bytes().length;
    }
    return r;
  }

  @Override
  public void entry(LayerEntry entry, Optional<Content> content) {
    entries.add(entry);
    Content c = content.orElse(null);
    contents.add(c);
    capturedBytes += c == null ? 0 : c.bytes().length;
  }

  /** Hands every entry, in order, to {@code into}. */
  public void replay(LayerVisitor into) throws IOException {
    for (int i = 0; i < entries.size(); i++) {
      into.entry(entries.get(i), Optional.ofNullable(contents.get(i)));
    }
  }

  public List<LayerEntry> entries() {
    return Collections.unmodifiableList(entries);
  }

  /** The captured content of entry {@code i}, or null when none was captured. */
  public Content content(int i) {
    return contents.get(i);
  }

  public int size() {
    return entries.size();
  }

  /** Bytes of captured content held. */
  public long capturedBytes() {
    return capturedBytes;
  }
}
