package io.feedpipe.cluster;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What {@link Clusterer} keeps of a story it placed, by story key: its cluster and its shingles,
 * against which later stories are verified.
 *
 * @param clusterId the cluster it joined or started
 * @param shingles its text's shingles and numbers
 */
record IndexedStory(String clusterId, Shingles shingles) {
  IndexedStory {
    requireNonNull(clusterId, "clusterId");
    requireNonNull(shingles, "shingles");
  }

  /** The anchors it is posted under: none for a text too short to match anything ({@link TextMatch#MIN_SHARED}). */
  int[] anchors() {
    return indexable(shingles) ? shingles.anchors() : new int[0];
  }

  /** Whether a text with these shingles can match another, and so is worth indexing. */
  static boolean indexable(Shingles shingles) {
    return shingles.sequence().length >= TextMatch.MIN_SHARED;
  }

  /** Binary: cluster id (length-prefixed UTF-8), the two counts, the shingles, the numbers. */
  static final Serde<IndexedStory> SERDE = Serdes.serdeFrom(
      (topic, s) -> {
        byte[] id = s.clusterId.getBytes(StandardCharsets.UTF_8);
        int[] sequence = s.shingles.sequence();
        long[] numbers = s.shingles.numbers();
        ByteBuffer b = ByteBuffer.allocate(4 + id.length + 8 + 4 * sequence.length + 8 * numbers.length);
        b.putInt(id.length).put(id).putInt(sequence.length).putInt(numbers.length);
        for (int shingle : sequence) {
          b.putInt(shingle);
        }
        for (long number : numbers) {
          b.putLong(number);
        }
        return b.array();
      },
      (topic, bytes) -> {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] id = new byte[b.getInt()];
        b.get(id);
        int[] sequence = new int[b.getInt()];
        long[] numbers = new long[b.getInt()];
        for (int i = 0; i < sequence.length; i++) {
          sequence[i] = b.getInt();
        }
        for (int i = 0; i < numbers.length; i++) {
          numbers[i] = b.getLong();
        }
        return new IndexedStory(new String(id, StandardCharsets.UTF_8), new Shingles(sequence, numbers));
      });

}
