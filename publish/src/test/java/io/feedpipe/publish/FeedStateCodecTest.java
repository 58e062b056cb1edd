package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.SeenItem;
import io.feedpipe.model.SeenStories;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The feed-state record: format 1 round trips, and format 2 (the connector's offsets); format 0 (the JSON written before the compact state)
 * still reads. The files in {@code feed-state-json/} were written by that JSON format's encoder, from
 * polls planned by the pre-compact {@code PollPlanner}.
 */
class FeedStateCodecTest {
  private static final Instant T0 = Instant.parse("2026-11-28T06:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aStateWithManyStoriesReadsBackAsWritten() throws Exception {
    FeedState state = state(typicalStories(300, new Random(1)));

    byte[] value = FeedStateCodec.encode(state);

    assertThat(value[0]).isEqualTo(FeedStateCodec.FORMAT);
    assertThat(FeedStateCodec.decode(value)).isEqualTo(state);
  }

  @Test
  void aStateWithoutStoriesOrOptionalFieldsReadsBackAsWritten() throws Exception {
    FeedState state = FeedState.initial("f", URI.create("https://x.example/rss"));

    assertThat(FeedStateCodec.decode(FeedStateCodec.encode(state))).isEqualTo(state);
  }

  @Test
  void aRememberedStoryCostsAtMostTwentyBytes() {
    FeedState state = state(typicalStories(300, new Random(2)));
    int head = FeedStateCodec.encode(state(SeenStories.empty())).length;

    double perStory = (FeedStateCodec.encode(state).length - head) / 300.0;

    assertThat(perStory).isLessThanOrEqualTo(20.0).isGreaterThanOrEqualTo(17.0);
  }

  @Test // #24
  void storiesWithTheirIdentityAndTheFeedsStabilityReadBackAsWrittenAtUnderSeventySixBytesAStory() throws Exception {
    SeenStories plain = typicalStories(300, new Random(6));
    SeenStories.Builder b = SeenStories.builder();
    Random random = new Random(7);
    for (int i = 0; i < plain.size(); i++) {
      b.putSecond(plain.idHash(i), plain.contentHash(i), plain.revision(i), plain.lastSeenSecond(i),
          new SeenStories.Identity(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong(),
              1_700_000_000L + random.nextInt(1000), i % 3 == 0 ? 0 : 1_700_000_000L + random.nextInt(1000),
              random.nextLong(), random.nextLong()));
    }
    FeedState state = state(b.stability(new SeenStories.Stability(2, 1, true, false)).build());
    int head = FeedStateCodec.encode(state(SeenStories.empty())).length;

    byte[] value = FeedStateCodec.encode(state);

    assertThat(FeedStateCodec.decode(value)).isEqualTo(state);
    assertThat(FeedStateCodec.decode(value).seen().stability().guidsUnstable()).isTrue();
    assertThat((value.length - head) / 300.0).isLessThanOrEqualTo(76.0);
    assertThat(value[identityBytesAt(value)]).isEqualTo((byte) FeedStateCodec.IDENTITY_BYTES);

    FeedState windowed = state(state.seen().withIdentityWindow(64, h -> false)); // as a poll leaves it
    byte[] small = FeedStateCodec.encode(windowed);

    assertThat(FeedStateCodec.decode(small)).isEqualTo(windowed);
    assertThat(FeedStateCodec.decode(small).seen().identity(63)).isEqualTo(state.seen().identity(63));
    assertThat(FeedStateCodec.decode(small).seen().identity(64)).isEqualTo(SeenStories.Identity.UNKNOWN);
    assertThat(small.length - head).isLessThanOrEqualTo(300 * 19 + 64 * FeedStateCodec.IDENTITY_BYTES + 3);
  }

  @Test
  void theValueIsTheDocumentedFormat() {
    FeedState state = state(typicalStories(50, new Random(4)));

    assertThat(FeedStateCodec.encode(state)).isEqualTo(asDocumented(state, 0, 0));
  }

  @Test
  void fixedWidthFieldsALaterWriterAddsAfterTheHashesAreSkipped() throws Exception { // room for #24
    FeedState state = state(typicalStories(40, new Random(5)));

    assertThat(FeedStateCodec.decode(asDocumented(state, 16, 40))).isEqualTo(state);
    assertThat(FeedStateCodec.decode(asDocumented(state, 16, 7))).isEqualTo(state);
  }

  @Test // #24
  void moreIdentitiesThanStoriesAreRefused() {
    byte[] value = asDocumented(state(typicalStories(3, new Random(5))), 16, 3);
    value[identityBytesAt(value) + 1] = 4; // M

    assertThatThrownBy(() -> FeedStateCodec.decode(value)).isInstanceOf(IOException.class)
        .hasMessageContaining("4 identities for 3 stories");
  }

  @Test
  void aValueCutShortOrOfAnUnknownFormatIsRefusedWithWhy() {
    byte[] value = FeedStateCodec.encode(state(typicalStories(5, new Random(3))));

    assertThatThrownBy(() -> FeedStateCodec.decode(Arrays.copyOf(value, value.length - 3)))
        .isInstanceOf(IOException.class).hasMessageContaining("cut short");
    assertThatThrownBy(() -> FeedStateCodec.decode(new byte[] {7, 0}))
        .isInstanceOf(IOException.class).hasMessageContaining("unknown feed-state format 7");
    assertThatThrownBy(() -> FeedStateCodec.decode(new byte[0])).isInstanceOf(IOException.class);
    byte[] tooMany = value.clone();
    tooMany[identityBytesAt(value) - 1] = 0x7f; // N = 127 stories in a value that holds 5
    assertThatThrownBy(() -> FeedStateCodec.decode(tooMany)).isInstanceOf(IOException.class);
  }

  /** #23: format 2, the connector's offsets: every field reads back, in ~200 bytes less than format 1. */
  @Test
  void theBinaryHeadFormatReadsBackEveryFieldAsWritten() throws Exception {
    SeenStories.Builder b = typicalStories(20, new Random(8)).toBuilder();
    b.put(42L, 43L, 3, T0.plusSeconds(5), new SeenStories.Identity(1, 2, 3, 4, 1_700_000_000L, 0, 5, 6));
    FeedState full = new FeedState("feed-é/7", URI.create("https://news.example/moved.xml?token=REDACTED"),
        Optional.of(URI.create("https://news.example/rss.xml")), Optional.of("W/\"5f2c\""),
        Optional.of("Sat, 28 Nov 2026 06:00:00 GMT"), b.stability(new SeenStories.Stability(2, 1, true, false)).build(),
        7, Optional.of(Instant.parse("1969-12-31T23:59:59.999999999Z")), Optional.of(T0),
        Optional.of(T0.plusSeconds(600).plusNanos(123_456_789)), Optional.of("410 Gone"));
    FeedState bare = FeedState.initial("f", URI.create("https://x.example/rss"));
    FeedState typical = state(typicalStories(5, new Random(9)));

    for (FeedState state : new FeedState[] {full, bare, typical, state(SeenStories.empty())}) {
      byte[] value = FeedStateCodec.encodeBinaryHead(state);
      assertThat(value[0]).isEqualTo(FeedStateCodec.FORMAT_BINARY_HEAD);
      assertThat(FeedStateCodec.decode(value)).isEqualTo(state);
      assertThat(FeedStateCodec.encode(FeedStateCodec.decode(value))).isEqualTo(FeedStateCodec.encode(state));
    }
    assertThat(FeedStateCodec.encode(typical).length - FeedStateCodec.encodeBinaryHead(typical).length)
        .isGreaterThanOrEqualTo(150);
  }

  @Test // #23
  void aBinaryHeadCutShortOrNamingUnknownFieldsIsRefusedWithWhy() {
    byte[] value = FeedStateCodec.encodeBinaryHead(state(typicalStories(5, new Random(3))));

    for (int cut : new int[] {2, 10, 40, value.length - 3}) {
      assertThatThrownBy(() -> FeedStateCodec.decode(Arrays.copyOf(value, cut)))
          .isInstanceOf(IOException.class).hasMessageContaining("feed-state value");
    }
    byte[] unknownFields = {FeedStateCodec.FORMAT_BINARY_HEAD, 1, 'f', 1, 'u', (byte) 0x80, 0x02};
    assertThatThrownBy(() -> FeedStateCodec.decode(unknownFields)).isInstanceOf(IOException.class)
        .hasMessageContaining("unknown fields (256)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"busy-feed.json", "moved-feed.json", "gone-feed.json"})
  void aStateInTheJsonFormatReadsAsTheSameState(String file) throws Exception {
    byte[] json = fixture(file);
    JsonNode written = JSON.readTree(json);

    FeedState state = FeedStateCodec.decode(json);

    assertThat(state.feedId()).isEqualTo(written.get("feedId").asText());
    assertThat(state.url()).hasToString(written.get("url").asText());
    assertThat(state.movedFrom().map(URI::toString)).isEqualTo(text(written, "movedFrom"));
    assertThat(state.etag()).isEqualTo(text(written, "etag"));
    assertThat(state.lastModified()).isEqualTo(text(written, "lastModified"));
    assertThat(state.consecutiveErrors()).isEqualTo(written.get("consecutiveErrors").asInt());
    assertThat(state.lastPollAt()).isEqualTo(text(written, "lastPollAt").map(Instant::parse));
    assertThat(state.lastSuccessAt()).isEqualTo(text(written, "lastSuccessAt").map(Instant::parse));
    assertThat(state.nextDueAt()).isEqualTo(text(written, "nextDueAt").map(Instant::parse));
    assertThat(state.disabledReason()).isEqualTo(text(written, "disabledReason"));
    JsonNode seen = written.get("seen");
    assertThat(state.seen().size()).isEqualTo(seen.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = seen.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Instant lastSeen = Instant.parse(e.getValue().get("lastSeenAt").asText());
      assertThat(state.seen().get(e.getKey())).as(e.getKey()).contains(new SeenItem(
          Long.parseUnsignedLong(e.getValue().get("contentHash").asText().substring(0, 16), 16),
          e.getValue().get("revision").asInt(), Instant.ofEpochSecond(SeenStories.secondOf(lastSeen))));
    }
    assertThat(state.seen().contains("feed-1-9999")).isFalse();
    // and it is written again in format 1, which reads back the same
    byte[] rewritten = FeedStateCodec.encode(state);
    assertThat(rewritten[0]).isEqualTo(FeedStateCodec.FORMAT);
    assertThat(rewritten.length).isLessThan(json.length);
    assertThat(FeedStateCodec.decode(rewritten)).isEqualTo(state);
  }

  /**
   * Format 1 as publish/README.md and {@link FeedStateCodec} describe it, written independently,
   * with {@code extra} filler bytes after the hashes of each of the {@code withExtra} newest stories.
   */
  private static byte[] asDocumented(FeedState state, int extra, int withExtra) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(1);
    byte[] head = JsonCodec.encode(FeedStateCodec.Head.of(state));
    varint(out, head.length);
    out.writeBytes(head);
    SeenStories seen = state.seen();
    varint(out, seen.size());
    out.write(extra);
    if (extra > 0) {
      varint(out, withExtra);
    }
    Integer[] order = new Integer[seen.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, java.util.Comparator.<Integer>comparingLong(seen::lastSeenSecond).reversed()
        .thenComparingLong(seen::idHash));
    long previous = order.length == 0 ? 0 : seen.lastSeenSecond(order[0]);
    if (order.length > 0) {
      varint(out, previous);
    }
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      out.writeBytes(ByteBuffer.allocate(16).putLong(seen.idHash(i)).putLong(seen.contentHash(i)).array());
      out.writeBytes(new byte[k < withExtra ? extra : 0]);
      long delta = previous - seen.lastSeenSecond(i);
      previous = seen.lastSeenSecond(i);
      varint(out, delta * 2 + (seen.revision(i) > 1 ? 1 : 0));
      if (seen.revision(i) > 1) {
        varint(out, seen.revision(i) - 2);
      }
    }
    return out.toByteArray();
  }

  private static void varint(java.io.ByteArrayOutputStream out, long v) {
    while (v >= 0x80) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }

  static byte[] fixture(String file) throws IOException {
    try (InputStream in = FeedStateCodecTest.class.getResourceAsStream("feed-state-json/" + file)) {
      return in.readAllBytes();
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  /** Where X is: after format, head and N. */
  private static int identityBytesAt(byte[] value) {
    int at = 1;
    long head = 0;
    for (int shift = 0; ; shift += 7) {
      int b = value[at++] & 0xff;
      head |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    at += (int) head;
    while ((value[at++] & 0x80) != 0) {
      // N
    }
    return at;
  }

  /**
   * Stories as a feed of ten a day remembers them over 30 days: a window of 30 in the feed now,
   * the rest gone one by one, every twentieth revised.
   */
  static SeenStories typicalStories(int n, Random random) {
    SeenStories.Builder b = SeenStories.builder();
    Instant t = T0;
    for (int i = 0; i < n; i++) {
      if (i >= 30) {
        t = t.minusSeconds(600 + random.nextInt(14_400));
      }
      b.put(random.nextLong(), random.nextLong(), i % 20 == 0 ? 2 : 1, t);
    }
    return b.build();
  }

  static FeedState state(SeenStories seen) {
    return new FeedState("feed-7", URI.create("https://news.example/rss.xml"), Optional.empty(),
        Optional.of("W/\"5f2c\""), Optional.of("Sat, 28 Nov 2026 06:00:00 GMT"), seen, 0, Optional.of(T0),
        Optional.of(T0), Optional.of(T0.plusSeconds(600)), Optional.empty());
  }
}
