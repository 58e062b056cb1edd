package io.feedpipe.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.SeenStories;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The value of a feed-state record. Format 1, written since the compact state:
 *
 * <pre>
 * byte    0x01           format (a format-0 record is JSON: it begins with '{')
 * varint  H              length of the head
 * H bytes head           UTF-8 JSON: feedId, url, movedFrom, etag, lastModified, consecutiveErrors,
 *                        lastPollAt, lastSuccessAt, nextDueAt, disabledReason (as in format 0), and
 *                        stability {guidChangePolls, dateMovePolls, guidsUnstable, datesUnstable},
 *                        left out while all are 0 or false
 * varint  N              remembered stories
 * byte    X              bytes after the two hashes of each of the first M stories: 56, the identity
 *                        below, when any story has one, else 0; a reader skips what it does not know,
 *                        and reads a story of X &lt; 56 (0 in a record written before the identity was
 *                        kept) without one
 * varint  M              (only when X &gt; 0) how many of the newest stories carry the X bytes: those
 *                        up to the last one with an identity (publish.identityWindow bounds it)
 * varint  T              (when N &gt; 0) the newest last-seen time, seconds since the epoch
 * N times, newest last-seen first (equal times: ascending id hash):
 *   8 bytes  id hash       SeenStories.idHash(story id of the item), big-endian
 *   8 bytes  content hash  ContentHash, big-endian
 *   X bytes  identity      (the first M only; X = 56) SeenStories.Identity, big-endian: story id
 *                          of the events (16 bytes: 32 hex digits as 128 bits), link key (8), fingerprint (8),
 *                          published second (4), date second (4), story key of the events (16);
 *                          all zero when unknown
 *   varint   D &lt;&lt; 1 | R    D: seconds since the previous story's last-seen time (the first: T);
 *                          R: 1 when the revision is above 1
 *   varint   revision - 2  only when R = 1
 * </pre>
 *
 * varint: unsigned LEB128 (7 bits a byte, low first). Whatever follows the stories is ignored.
 *
 * <p>Format 2 is format 1 with the head in binary, about 200 bytes less a feed (the ISO times and
 * null fields of the JSON head are most of it). The connector's source offsets hold it, since every
 * Connect worker keeps every feed's offset in memory, once per offset reader; the feed-state
 * records stay format 1. After the format byte {@code 0x02}:
 *
 * <pre>
 * string  feedId         string: varint length, then that many bytes of UTF-8
 * string  url
 * varint  F              which optional fields follow: 1 movedFrom, 2 etag, 4 lastModified,
 *                        8 lastPollAt, 16 lastSuccessAt, 32 nextDueAt, 64 disabledReason, 128 stability
 * string  movedFrom, etag, lastModified      (each when present, in this order)
 * instant lastPollAt, lastSuccessAt, nextDueAt  (each when present): varint zigzag epoch second,
 *                                               varint nanosecond
 * string  disabledReason (when present)
 * varint  consecutiveErrors
 * varint  guidChangePolls, varint dateMovePolls, byte 1 guidsUnstable | 2 datesUnstable (when F has 128)
 * ...     the stories, from varint N on, exactly as in format 1
 * </pre>
 * A story costs 17 bytes when it was last seen with the one before it, 18–19 when hours apart,
 * and 56 more while it keeps its identity.
 *
 * <p>Format 0 was the JSON of {@link FeedState} with {@code seen} an object of story id → {@code
 * {contentHash (32 hex digits), revision, lastSeenAt}}; it is still read — ids hashed, content
 * hashes cut to their first 64 bits, times rounded up to the second — so state written before the
 * compact format restores, and the feed's next poll writes it again in format 1. Thread-safe.
 */
final class FeedStateCodec {
  static final byte FORMAT = 1;
  /** Format 1 with a binary head: the connector's source offsets. */
  static final byte FORMAT_BINARY_HEAD = 2;
  private static final int HASH_BYTES = 16;
  /** Bytes of a story's identity after its hashes. */
  static final int IDENTITY_BYTES = 56;
  private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private FeedStateCodec() {}

  /**
   * Every field of the state but its seen stories, as the head's JSON. Its component names are
   * the JSON names: renaming one breaks every record written.
   */
  record Head(String feedId, URI url, Optional<URI> movedFrom, Optional<String> etag, Optional<String> lastModified,
      int consecutiveErrors, Optional<Instant> lastPollAt, Optional<Instant> lastSuccessAt, Optional<Instant> nextDueAt,
      Optional<String> disabledReason,
      @JsonInclude(JsonInclude.Include.NON_NULL) SeenStories.@Nullable Stability stability) {

    static Head of(FeedState s) {
      SeenStories.Stability stability = s.seen().stability();
      return new Head(s.feedId(), s.url(), s.movedFrom(), s.etag(), s.lastModified(), s.consecutiveErrors(),
          s.lastPollAt(), s.lastSuccessAt(), s.nextDueAt(), s.disabledReason(),
          stability.equals(SeenStories.Stability.NONE) ? null : stability); // left out while there is nothing to say
    }

    FeedState with(SeenStories.Builder stories) {
      // a field missing from an older record reads as null
      SeenStories seen = stories.stability(stability == null ? SeenStories.Stability.NONE : stability).build();
      return new FeedState(feedId, url, orEmpty(movedFrom), orEmpty(etag), orEmpty(lastModified), seen,
          consecutiveErrors, orEmpty(lastPollAt), orEmpty(lastSuccessAt), orEmpty(nextDueAt), orEmpty(disabledReason));
    }

    @SuppressWarnings("OptionalAssignedToNull")
    private static <T> Optional<T> orEmpty(Optional<T> value) {
      return value == null ? Optional.empty() : value;
    }
  }

  static byte[] encode(FeedState state) {
    byte[] head = JsonCodec.encode(Head.of(state));
    Out out = new Out(21 + head.length + storyBytes(state.seen()));
    out.write(FORMAT);
    out.varint(head.length);
    out.write(head);
    writeStories(out, state.seen());
    return out.bytes();
  }

  /** The state in format 2: format 1 with a binary head. */
  static byte[] encodeBinaryHead(FeedState state) {
    Out out = new Out(64 + 4 * state.url().toString().length() + storyBytes(state.seen()));
    out.write(FORMAT_BINARY_HEAD);
    out.string(state.feedId());
    out.string(state.url().toString());
    SeenStories.Stability stability = state.seen().stability();
    boolean hasStability = !stability.equals(SeenStories.Stability.NONE);
    out.varint((state.movedFrom().isPresent() ? 1 : 0) | (state.etag().isPresent() ? 2 : 0)
        | (state.lastModified().isPresent() ? 4 : 0) | (state.lastPollAt().isPresent() ? 8 : 0)
        | (state.lastSuccessAt().isPresent() ? 16 : 0) | (state.nextDueAt().isPresent() ? 32 : 0)
        | (state.disabledReason().isPresent() ? 64 : 0) | (hasStability ? 128 : 0));
    state.movedFrom().ifPresent(u -> out.string(u.toString()));
    state.etag().ifPresent(out::string);
    state.lastModified().ifPresent(out::string);
    state.lastPollAt().ifPresent(out::instant);
    state.lastSuccessAt().ifPresent(out::instant);
    state.nextDueAt().ifPresent(out::instant);
    state.disabledReason().ifPresent(out::string);
    out.varint(state.consecutiveErrors());
    if (hasStability) {
      out.varint(stability.guidChangePolls());
      out.varint(stability.dateMovePolls());
      out.write((stability.guidsUnstable() ? 1 : 0) | (stability.datesUnstable() ? 2 : 0));
    }
    writeStories(out, state.seen());
    return out.bytes();
  }

  private static int storyBytes(SeenStories seen) {
    return seen.size() * (HASH_BYTES + 3) + seen.identityCount() * IDENTITY_BYTES;
  }

  /** The stories section of formats 1 and 2, from varint N on. */
  private static void writeStories(Out out, SeenStories seen) {
    int n = seen.size();
    int m = seen.identityCount();
    out.varint(n);
    out.write(m > 0 ? IDENTITY_BYTES : 0);
    if (m > 0) {
      out.varint(m);
    }
    if (n > 0) {
      long time = seen.lastSeenSecond(0);
      out.varint(time);
      for (int i = 0; i < n; i++) { // newest first, as SeenStories holds them
        out.longBigEndian(seen.idHash(i));
        out.longBigEndian(seen.contentHash(i));
        if (i < m) {
          SeenStories.Identity identity = seen.identity(i);
          out.longBigEndian(identity.storyIdHigh());
          out.longBigEndian(identity.storyIdLow());
          out.longBigEndian(identity.linkKey());
          out.longBigEndian(identity.fingerprint());
          out.longBigEndian(identity.publishedSecond() << 32 | identity.dateSecond());
          out.longBigEndian(identity.storyKeyHigh());
          out.longBigEndian(identity.storyKeyLow());
        }
        long delta = time - seen.lastSeenSecond(i);
        time = seen.lastSeenSecond(i);
        int revision = seen.revision(i);
        out.varint(delta << 1 | (revision > 1 ? 1 : 0));
        if (revision > 1) {
          out.varint(revision - 2L);
        }
      }
    }
  }

  /**
   * The state in a value of format 2, 1 or 0.
   *
   * @throws IOException when the value is none of them, or is cut short or inconsistent
   */
  static FeedState decode(byte[] value) throws IOException {
    if (value.length == 0) {
      throw new IOException("empty feed-state value");
    }
    if (value[0] == '{') {
      return decodeJson(value);
    }
    In in = new In(value, 1);
    Head head;
    if (value[0] == FORMAT) {
      int headLength = in.length("head");
      head = JsonCodec.decodeHead(value, in.at, headLength);
      in.at += headLength;
    } else if (value[0] == FORMAT_BINARY_HEAD) {
      head = binaryHead(in);
    } else {
      throw new IOException("unknown feed-state format " + (value[0] & 0xff) + " (this reader knows 0, 1 and 2)");
    }
    return head.with(readStories(in, value));
  }

  /** A format-2 head. */
  private static Head binaryHead(In in) throws IOException {
    String feedId = in.string("feedId");
    URI url = in.uri("url");
    long f = in.varint();
    if (f > 255) {
      throw new IOException("feed-state value of format 2 names unknown fields (" + f + ")");
    }
    Optional<URI> movedFrom = (f & 1) != 0 ? Optional.of(in.uri("movedFrom")) : Optional.empty();
    Optional<String> etag = (f & 2) != 0 ? Optional.of(in.string("etag")) : Optional.empty();
    Optional<String> lastModified = (f & 4) != 0 ? Optional.of(in.string("lastModified")) : Optional.empty();
    Optional<Instant> lastPollAt = (f & 8) != 0 ? Optional.of(in.instant()) : Optional.empty();
    Optional<Instant> lastSuccessAt = (f & 16) != 0 ? Optional.of(in.instant()) : Optional.empty();
    Optional<Instant> nextDueAt = (f & 32) != 0 ? Optional.of(in.instant()) : Optional.empty();
    Optional<String> disabledReason = (f & 64) != 0 ? Optional.of(in.string("disabledReason")) : Optional.empty();
    long errors = in.varint();
    if (errors > Integer.MAX_VALUE) {
      throw new IOException("feed-state value holds " + errors + " consecutive errors");
    }
    SeenStories.Stability stability = null;
    if ((f & 128) != 0) {
      long guidChangePolls = in.varint();
      long dateMovePolls = in.varint();
      int unstable = in.u8();
      if (guidChangePolls > Integer.MAX_VALUE || dateMovePolls > Integer.MAX_VALUE) {
        throw new IOException("feed-state value holds impossible poll counts");
      }
      stability = new SeenStories.Stability((int) guidChangePolls, (int) dateMovePolls, (unstable & 1) != 0,
          (unstable & 2) != 0);
    }
    return new Head(feedId, url, movedFrom, etag, lastModified, (int) errors, lastPollAt, lastSuccessAt, nextDueAt,
        disabledReason, stability);
  }

  /** The stories section of formats 1 and 2, from varint N on. */
  private static SeenStories.Builder readStories(In in, byte[] value) throws IOException {
    int n = in.length("story count");
    int extra = in.u8();
    int m = extra > 0 ? in.length("identity count") : 0;
    if (m > n) {
      throw new IOException("feed-state value holds " + m + " identities for " + n + " stories");
    }
    if ((long) n * (HASH_BYTES + 1) + (long) m * extra > value.length - in.at) {
      throw new IOException("feed-state value of " + value.length + " bytes cannot hold " + n + " stories");
    }
    SeenStories.Builder seen = SeenStories.builder(n);
    if (n > 0) {
      long time = in.varint();
      for (int k = 0; k < n; k++) {
        int x = k < m ? extra : 0;
        in.need(HASH_BYTES + x + 1);
        long id = (long) BIG_ENDIAN_LONG.get(value, in.at);
        long content = (long) BIG_ENDIAN_LONG.get(value, in.at + 8);
        SeenStories.Identity identity = x < IDENTITY_BYTES ? SeenStories.Identity.UNKNOWN : identity(value, in.at + 16);
        in.at += HASH_BYTES + x;
        long deltaAndFlag = in.varint();
        time -= deltaAndFlag >>> 1;
        long revision = (deltaAndFlag & 1) == 0 ? 1 : in.varint() + 2;
        if (time < 0 || revision > Integer.MAX_VALUE) {
          throw new IOException("feed-state value holds an impossible story " + k + " (time " + time + ", revision "
              + revision + ")");
        }
        seen.putSecond(id, content, (int) revision, time, identity);
      }
    }
    return seen;
  }

  private static SeenStories.Identity identity(byte[] value, int at) {
    long dates = (long) BIG_ENDIAN_LONG.get(value, at + 32);
    return new SeenStories.Identity((long) BIG_ENDIAN_LONG.get(value, at), (long) BIG_ENDIAN_LONG.get(value, at + 8),
        (long) BIG_ENDIAN_LONG.get(value, at + 16), (long) BIG_ENDIAN_LONG.get(value, at + 24), dates >>> 32,
        dates & 0xFFFF_FFFFL, (long) BIG_ENDIAN_LONG.get(value, at + 40), (long) BIG_ENDIAN_LONG.get(value, at + 48));
  }

  /** Format 0: the JSON of the state, its seen stories by id. */
  private static FeedState decodeJson(byte[] value) throws IOException {
    JsonNode root = JsonCodec.tree(value);
    Head head = JsonCodec.decodeHead(root);
    SeenStories.Builder seen = SeenStories.builder();
    JsonNode stories = root.path("seen");
    for (Iterator<Map.Entry<String, JsonNode>> it = stories.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> story = it.next();
      JsonNode item = story.getValue();
      try {
        seen.put(SeenStories.idHash(story.getKey()), ContentHash.ofHex(item.path("contentHash").asText("")),
            item.path("revision").asInt(0), Instant.parse(item.path("lastSeenAt").asText("")));
      } catch (RuntimeException e) {
        throw new IOException("story " + story.getKey() + " of the feed state does not read: " + e.getMessage(), e);
      }
    }
    return head.with(seen);
  }

  /** A growable byte buffer. */
  private static final class Out {
    private byte[] bytes;
    private int size;

    Out(int capacity) {
      bytes = new byte[capacity];
    }

    private void room(int n) {
      if (size + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(size + n, bytes.length * 2));
      }
    }

    void write(int b) {
      room(1);
      bytes[size++] = (byte) b;
    }

    void write(byte[] b) {
      room(b.length);
      System.arraycopy(b, 0, bytes, size, b.length);
      size += b.length;
    }

    void varint(long v) {
      room(10);
      while ((v & ~0x7FL) != 0) {
        bytes[size++] = (byte) (v & 0x7F | 0x80);
        v >>>= 7;
      }
      bytes[size++] = (byte) v;
    }

    void string(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      varint(utf8.length);
      write(utf8);
    }

    void instant(Instant t) {
      long second = t.getEpochSecond();
      varint(second << 1 ^ second >> 63); // zigzag
      varint(t.getNano());
    }

    void longBigEndian(long v) {
      room(8);
      BIG_ENDIAN_LONG.set(bytes, size, v);
      size += 8;
    }

    byte[] bytes() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
  }

  /** A cursor over a value; running past its end is an {@link IOException}. */
  private static final class In {
    private final byte[] bytes;
    int at;

    In(byte[] bytes, int at) {
      this.bytes = bytes;
      this.at = at;
    }

    void need(int n) throws IOException {
      if (at + n > bytes.length) {
        throw new IOException("feed-state value cut short at byte " + at + " of " + bytes.length);
      }
    }

    int u8() throws IOException {
      need(1);
      return bytes[at++] & 0xff;
    }

    long varint() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = u8();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IOException("feed-state value holds a varint longer than 10 bytes at byte " + at);
    }

    String string(String what) throws IOException {
      int length = length(what);
      String s = new String(bytes, at, length, StandardCharsets.UTF_8);
      at += length;
      return s;
    }

    URI uri(String what) throws IOException {
      String s = string(what);
      try {
        return new URI(s);
      } catch (URISyntaxException e) {
        throw new IOException("feed-state value holds a " + what + " that is no URI: " + e.getMessage(), e);
      }
    }

    Instant instant() throws IOException {
      long zigzag = varint();
      long nano = varint();
      try {
        return Instant.ofEpochSecond(zigzag >>> 1 ^ -(zigzag & 1), nano);
      } catch (java.time.DateTimeException | ArithmeticException e) {
        throw new IOException("feed-state value holds an impossible time: " + e.getMessage(), e);
      }
    }

    int length(String what) throws IOException {
      long v = varint();
      if (v > bytes.length - at) {
        throw new IOException("feed-state value of " + bytes.length + " bytes cannot hold a " + what + " of " + v
            + " at byte " + at);
      }
      return (int) v;
    }
  }
}
