package io.feedpipe.publish;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.feedpipe.model.DeadLetter;
import io.feedpipe.model.FeedStatus;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON for the records publish writes besides story events: feed state, feed status, dead
 * letters. Field names are the model records' component names; instants ISO-8601; absent
 * optionals null. Unknown fields are ignored when reading, so a newer writer does not break an
 * older reader during a rolling upgrade. Thread-safe.
 */
final class JsonCodec {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new Jdk8Module())
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

  private static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
