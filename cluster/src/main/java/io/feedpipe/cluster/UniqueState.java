package io.feedpipe.cluster;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What {@link UniqueFilter} remembers of a story key: the story that passed last (the owner) with
 * its revision, and the contents that passed (at most {@value #MAX_CONTENTS}, the latest kept).
 *
 * @param ownerId the story id of the event that passed last
 * @param ownerRevision its revision
 * @param contents 64-bit hashes of the texts of the events that passed, oldest first
 */
record UniqueState(String ownerId, int ownerRevision, long[] contents) {
  static final int MAX_CONTENTS = 16;

  UniqueState {
    requireNonNull(ownerId, "ownerId");
    contents = contents.clone();
  }

  boolean passed(long content) {
    for (long c : contents) {
      if (c == content) {
        return true;
      }
    }
    return false;
  }

  /** The state after an event of {@code id} at {@code revision} with {@code content} passed. */
  UniqueState after(String id, int revision, long content) {
    if (passed(content)) {
      return new UniqueState(id, revision, contents);
    }
    int keep = Math.min(contents.length, MAX_CONTENTS - 1);
    long[] kept = new long[keep + 1];
    System.arraycopy(contents, contents.length - keep, kept, 0, keep);
    kept[keep] = content;
    return new UniqueState(id, revision, kept);
  }

  static UniqueState first(String id, int revision, long content) {
    return new UniqueState(id, revision, new long[] {content});
  }

  /**
   * 64 bits of the event's text: what a copy on another feed repeats and a revision changes. Not
   * the title: a site's feeds may head one page differently, and a change of headline alone is a
   * revision only from the feed that passed last.
   */
  static long contentOf(StoryView story) {
    long h = 0xcbf29ce484222325L;
    String text = story.text();
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x100000001b3L;
    }
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    return h ^ (h >>> 33);
  }

  /** Binary: owner id (length-prefixed UTF-8), revision, count, hashes. */
  static final Serde<UniqueState> SERDE = Serdes.serdeFrom(
      (topic, s) -> {
        byte[] id = s.ownerId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + id.length + 4 + 4 + 8 * s.contents.length);
        b.putInt(id.length).put(id).putInt(s.ownerRevision).putInt(s.contents.length);
        for (long c : s.contents) {
          b.putLong(c);
        }
        return b.array();
      },
      (topic, bytes) -> {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] id = new byte[b.getInt()];
        b.get(id);
        int revision = b.getInt();
        long[] contents = new long[b.getInt()];
        for (int i = 0; i < contents.length; i++) {
          contents[i] = b.getLong();
        }
        return new UniqueState(new String(id, StandardCharsets.UTF_8), revision, contents);
      });

  @Override
  public boolean equals(Object o) {
    return o instanceof UniqueState u && u.ownerId.equals(ownerId) && u.ownerRevision == ownerRevision
        && Arrays.equals(u.contents, contents);
  }

  @Override
  public int hashCode() {
    return ownerId.hashCode() * 31 + ownerRevision;
  }

  @Override
  public String toString() {
    return "UniqueState[" + ownerId + " r" + ownerRevision + ", " + contents.length + " contents]";
  }
}
