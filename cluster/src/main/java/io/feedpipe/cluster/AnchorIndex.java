package io.feedpipe.cluster;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Which placed stories hold an anchor: postings {@code (anchor, story key)} at the story's time, in
 * a persistent window store without a changelog. It is a hint, derived from the placed-stories
 * store (which has one), and rebuilt from it whenever the clustering task starts: a posting left
 * behind by a transaction that was aborted names a story the placed-stories store does not hold,
 * and is skipped; one lost with the local state is put back. So the stage writes one changelog
 * record per story for its candidates' index, not one per anchor (about thirty).
 *
 * <p>Keys are the anchor's four bytes then the story key's UTF-8, so one anchor's postings are one
 * key range; a put of a posting already there changes nothing.
 */
final class AnchorIndex {
  private static final byte[] POSTED = {1};
  /** Past every story key's bytes (story keys are far shorter, and hex). */
  private static final int MAX_KEY_BYTES = 256;

  private final WindowStore<Bytes, byte[]> postings;

  AnchorIndex(WindowStore<Bytes, byte[]> postings) {
    this.postings = requireNonNull(postings, "postings");
  }

  void post(int anchor, String storyKey, long at) {
    byte[] key = storyKey.getBytes(StandardCharsets.UTF_8);
    postings.put(Bytes.wrap(ByteBuffer.allocate(4 + key.length).putInt(anchor).put(key).array()), POSTED, at);
  }

  /** Adds one hit for each story (at most {@code limit}) posted under {@code anchor} within {@code [from, to]}. */
  void collect(int anchor, long from, long to, int limit, Map<String, Integer> hits) {
    Bytes first = Bytes.wrap(ByteBuffer.allocate(4).putInt(anchor).array());
    byte[] last = Arrays.copyOf(first.get(), 4 + MAX_KEY_BYTES);
    Arrays.fill(last, 4, last.length, (byte) 0xFF);
    try (KeyValueIterator<Windowed<Bytes>, byte[]> it = postings.fetch(first, Bytes.wrap(last), from, to)) {
      for (int n = 0; n < limit && it.hasNext(); n++) {
        byte[] key = it.next().key.key().get();
        hits.merge(new String(key, 4, key.length - 4, StandardCharsets.UTF_8), 1, Integer::sum);
      }
    }
  }

  /** Posts the anchors of every story in {@code placed}: idempotent, so it may run on every start. */
  void rebuild(WindowStore<String, IndexedStory> placed) {
    try (KeyValueIterator<Windowed<String>, IndexedStory> it = placed.all()) {
      while (it.hasNext()) {
        KeyValue<Windowed<String>, IndexedStory> story = it.next();
        for (int anchor : story.value.anchors()) {
          post(anchor, story.key.key(), story.key.window().start());
        }
      }
    }
  }
}
