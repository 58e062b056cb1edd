package io.feedpipe.publish;

import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * A record Kafka refused for good: sending the same record again can never succeed, so retrying
 * the poll as if the broker were away would retry it forever. Pure: the classification of an
 * error and the names for it.
 *
 * @param topic the topic the record was sent to
 * @param key the record's key (story id, or feed id for dead letters, status and state)
 * @param scope whether the record itself or its whole topic is refused
 * @param error the error's class name, e.g. {@code RecordTooLargeException}
 * @param message the error's message
 */
record RefusedSend(String topic, String key, Scope scope, String error, String message) {

  enum Scope {
    /** This record cannot be written (too large, invalid, not serialisable); others of its topic can. */
    RECORD,
    /** No record can be written to this topic (not authorised, invalid name): an operator must act. */
    TOPIC
  }

  /** The refusal for a send that failed with {@code e}, or empty when a retry may succeed. */
  static Optional<RefusedSend> of(String topic, String key, Throwable e) {
    return scope(e).map(s -> new RefusedSend(topic, key, s, e.getClass().getSimpleName(), String.valueOf(e.getMessage())));
  }

  static Optional<Scope> scope(Throwable e) {
    if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
        || e instanceof InvalidRecordException || e instanceof SerializationException) {
      return Optional.of(Scope.RECORD);
    }
    if (e instanceof TopicAuthorizationException || e instanceof InvalidTopicException) {
      return Optional.of(Scope.TOPIC);
    }
    return Optional.empty();
  }

  /** The dead-letter kind: {@code kafka-} and the error in kebab case, e.g. {@code kafka-record-too-large}. */
  String kind() {
    String name = error.endsWith("Exception") ? error.substring(0, error.length() - "Exception".length()) : error;
    return "kafka-" + name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** For people: the topic, the key and the error. */
  String describe() {
    return topic + " refused the record keyed " + key + " for good: " + error + ": " + message;
  }
}
