package io.feedpipe.publish;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.feedpipe.model.DeadLetter;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * JSON for the records publish writes besides story events: feed state, feed status, dead
 * letters. Field names are the model records' component names; instants ISO-8601; absent
 * optionals null; a poll outcome in lower case ({@code ok}, {@code parse_error}), as everywhere else. Unknown fields are ignored when reading, so a newer writer does not break an
 * older reader during a rolling upgrade. Thread-safe.
 */
final class JsonCodec {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(outcomeAsLabel())
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .build();

  private JsonCodec() {}

  /** The JSON head of a feed-state record ({@link FeedStateCodec}). */
  static byte[] encode(FeedStateCodec.Head head) {
    return write(head);
  }

  static byte[] encode(FeedStatus status) {
    return write(status);
  }

  static byte[] encode(DeadLetter letter) {
    return write(letter);
  }

  static FeedStateCodec.Head decodeHead(byte[] bytes, int offset, int length) throws IOException {
    return MAPPER.readValue(bytes, offset, length, FeedStateCodec.Head.class);
  }

  static FeedStateCodec.Head decodeHead(JsonNode tree) throws IOException {
    return MAPPER.treeToValue(tree, FeedStateCodec.Head.class);
  }

  static JsonNode tree(byte[] bytes) throws IOException {
    return MAPPER.readTree(bytes);
  }

  static FeedStatus decodeStatus(byte[] bytes) throws IOException {
    return MAPPER.readValue(bytes, FeedStatus.class);
  }

  static DeadLetter decodeDeadLetter(byte[] bytes) throws IOException {
    return MAPPER.readValue(bytes, DeadLetter.class);
  }

  /**
   * A poll outcome as the metrics, {@code /feeds} and {@code feedpipe status} write it ({@code ok},
   * {@code parse_error}); the enum's own name ({@code OK}), which records written before were in,
   * still reads.
   */
  private static SimpleModule outcomeAsLabel() {
    SimpleModule module = new SimpleModule("poll-outcome-label");
    module.addSerializer(PollOutcome.class, new JsonSerializer<>() {
      @Override
      public void serialize(PollOutcome outcome, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeString(outcome.label());
      }
    });
    module.addDeserializer(PollOutcome.class, new JsonDeserializer<>() {
      @Override
      public PollOutcome deserialize(JsonParser p, DeserializationContext context) throws IOException {
        String text = p.getValueAsString();
        try {
          return PollOutcome.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
          return (PollOutcome) context.handleWeirdStringValue(PollOutcome.class, text, "not a poll outcome");
        }
      }
    });
    return module;
  }

  private static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
