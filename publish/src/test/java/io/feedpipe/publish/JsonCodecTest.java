package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.SeenStories;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  @Test
  void aFeedStateReadsBackAsWritten() throws Exception {
    FeedState state = new FeedState("f1", URI.create("https://new.example/rss"),
        Optional.of(URI.create("https://old.example/rss")), Optional.of("\"v1\""), Optional.empty(), SeenStories.empty(), 0,
        Optional.of(Instant.parse("2026-01-01T00:00:00Z")), Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(FeedStateCodec.decode(FeedStateCodec.encode(state))).isEqualTo(state);
  }

  @Test
  void aFeedStateWrittenBeforeMovedFromWasRecordedReadsAsNotMoved() throws Exception { // #18
    byte[] older = """
        {"feedId":"f1","url":"https://new.example/rss","etag":null,"lastModified":null,"seen":{},
         "consecutiveErrors":0,"lastPollAt":null,"lastSuccessAt":null,"nextDueAt":null,"disabledReason":null}
        """.getBytes(StandardCharsets.UTF_8);

    FeedState state = FeedStateCodec.decode(older);

    assertThat(state.url()).isEqualTo(URI.create("https://new.example/rss"));
    assertThat(state.movedFrom()).isEmpty();
  }

  @Test // #19: feed-status said OK where /feeds and the metrics say ok
  void aFeedStatusWritesItsOutcomeInLowerCaseAndReadsTheOlderUpperCase() throws Exception {
    FeedStatus status = new FeedStatus("f1", URI.create("https://x.example/rss"), Instant.parse("2026-01-01T00:00:00Z"),
        PollOutcome.PARSE_ERROR, Optional.of(200), Optional.of("format"), Optional.of("not a feed"), 0,
        Optional.empty(), Optional.empty(), List.of());

    byte[] json = JsonCodec.encode(status);

    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"outcome\":\"parse_error\"");
    assertThat(JsonCodec.decodeStatus(json)).isEqualTo(status);
    byte[] older = new String(json, StandardCharsets.UTF_8).replace("parse_error", "PARSE_ERROR")
        .getBytes(StandardCharsets.UTF_8);
    assertThat(JsonCodec.decodeStatus(older).outcome()).isEqualTo(PollOutcome.PARSE_ERROR);
  }
}
