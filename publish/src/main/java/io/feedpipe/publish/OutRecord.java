package io.feedpipe.publish;

import java.util.List;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/** One record of a planned transaction; a null value is a tombstone. */
public record OutRecord(String topic, String key, byte @Nullable [] value, List<Header> headers) {
  public OutRecord {
    headers = List.copyOf(headers);
  }

  /** Key, value and header bytes: what counts against {@code publish.maxStoryBytes}. */
  int sizeBytes() {
    int size = key.length() * 3 + (value == null ? 0 : value.length);
    for (Header h : headers) {
      size += h.key().length() + (h.value() == null ? 0 : h.value().length);
    }
    return size;
  }
}
