package io.feedpipe.cluster;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.jspecify.annotations.Nullable;

/** Reading the stage's window stores as time-bounded maps: the value of a key is its latest entry. */
final class WindowStores {
  private WindowStores() {}

  /** The latest entry of {@code key} with a time in {@code [from, to]} (as time → value), or null. */
  static <V> @Nullable KeyValue<Long, V> latest(WindowStore<String, V> store, String key, long from, long to) {
    try (WindowStoreIterator<V> it = store.backwardFetch(key, Math.max(0, from), Math.max(0, to))) {
      return it.hasNext() ? it.next() : null;
    }
  }
}
