package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.FeedState;
import io.feedpipe.model.SeenStories;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
}
