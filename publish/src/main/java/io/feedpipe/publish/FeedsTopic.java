package io.feedpipe.publish;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.FeedDefinition;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The feeds topic, {@code <prefix>.feeds}: the feeds managed live. Compacted, keyed by feed id; a
 * record's value is the feed's definition as JSON (see {@code FeedDefinitionJson}: url, name,
 * tags, interval, references to credentials — never a secret), a tombstone removes the feed.
 *
 * <p>{@link #write} puts and removes definitions in one Kafka transaction, so a change of many
 * feeds (an import) is seen whole or not at all by a {@code read_committed} reader. A {@link
 * Reader} reads the topic from its beginning and then, call by call, what was written since: the
 * service watches it with one, {@code feedpipe feeds list} reads it once.
 */
public final class FeedsTopic {
  private FeedsTopic() {}

  /**
   * One record of the topic.
   *
   * @param feedId the record's key
   * @param definition the feed as defined from then on; empty when the record removed it
   * @param at the record's timestamp: when it was written
   */
  public record Change(String feedId, Optional<FeedDefinition> definition, Instant at) {
    public Change {
      requireNonNull(feedId, "feedId");
      requireNonNull(definition, "definition");
      requireNonNull(at, "at");
    }
  }

  /**
   * What one read found.
   *
   * @param changes the records read, in topic order within each partition (a feed's records are in one)
   * @param unreadable one line per record that could not be read (skipped): where it is and why
   */
  public record Changes(List<Change> changes, List<String> unreadable) {
    public Changes {
      changes = List.copyOf(changes);
      unreadable = List.copyOf(unreadable);
    }

    /** The definitions these changes leave, by feed id, folded over {@code before}. */
    public Map<String, FeedDefinition> applyTo(Map<String, FeedDefinition> before) {
      Map<String, FeedDefinition> after = new LinkedHashMap<>(before);
      for (Change c : changes) {
        c.definition().ifPresentOrElse(d -> after.put(c.feedId(), d), () -> after.remove(c.feedId()));
      }
      return after;
    }
  }

  /**
   * Checks a definition can go in the topic (no secret in it, only references).
   *
   * @throws IllegalArgumentException naming the feed and saying what to give instead
   */
  public static void check(FeedDefinition feed) {
    FeedDefinitionJson.refuseSecrets(requireNonNull(feed, "feed"));
  }

  /** A definition as the topic holds it: one line of JSON (for {@code feedpipe feeds list --json}). */
  public static String json(FeedDefinition feed) {
    return new String(FeedDefinitionJson.encode(requireNonNull(feed, "feed")), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Writes {@code put} (new or changed definitions) and removes {@code remove} (feed ids) in one
   * transaction, creating the topic first when it is missing. Every definition is checked and
   * encoded before anything is sent: one that holds a secret fails the call with nothing written.
   * Blocks for at most about three times {@code kafka.maxBlock}.
   *
   * @throws IllegalArgumentException when a definition holds a secret, or a feed is both put and removed
   * @throws BrokerUnavailableException when Kafka does not answer or another writer took over meanwhile:
   *     nothing was written
   */
  public static void write(PublishSettings settings, List<FeedDefinition> put, List<String> remove)
      throws BrokerUnavailableException, InterruptedException {
    requireNonNull(settings, "settings");
    Topics topics = new Topics(settings.topicPrefix());
    Map<String, byte[]> values = new LinkedHashMap<>();
    for (FeedDefinition feed : put) {
      if (values.put(feed.id(), FeedDefinitionJson.encode(feed)) != null) {
        throw new IllegalArgumentException("feed " + feed.id() + " is given twice");
      }
    }
    Set<String> removed = new HashSet<>(remove);
    removed.retainAll(values.keySet());
    if (!removed.isEmpty()) {
      throw new IllegalArgumentException("feeds " + removed + " are both put and removed");
    }
    ensureTopic(settings, topics);
    Map<String, Object> config = settings.kafka().config(KafkaClientSettings.Client.PRODUCER,
        Map.of(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-feeds-writer"),
        Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId() + "-feeds",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(settings.maxBlock().toMillis())));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      try {
        producer.initTransactions();
        producer.beginTransaction();
        values.forEach((id, value) -> producer.send(new ProducerRecord<>(topics.feeds(), id, value)));
        for (String id : remove) {
          producer.send(new ProducerRecord<>(topics.feeds(), id, null));
        }
        producer.commitTransaction();
      } catch (ProducerFencedException e) {
        throw new BrokerUnavailableException("another writer of " + topics.feeds() + " (transactional id "
            + settings.transactionalId() + "-feeds) started meanwhile; nothing was written: try again", e);
      } catch (KafkaException e) {
        throw new BrokerUnavailableException("Kafka at " + settings.bootstrapServers() + " did not take the change to "
            + topics.feeds() + "; nothing was written: " + e.getMessage(), e);
      }
    }
  }

  /** Creates the feeds topic (compacted) when it is missing, as the service would at start. */
  static void ensureTopic(PublishSettings settings, Topics topics) throws BrokerUnavailableException, InterruptedException {
    try (Admin admin = Admin.create(settings.kafka().config(KafkaClientSettings.Client.ADMIN,
        Map.of(AdminClientConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-feeds-admin"), Map.of()))) {
      TopicSetup.ensure(admin, topics, settings, List.of(topics.feeds()));
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new BrokerUnavailableException("Kafka at " + settings.bootstrapServers() + " did not create or describe "
          + topics.feeds() + ": " + e.getMessage(), e);
    }
  }

  /** A reader of the feeds topic from its beginning; the caller closes it. */
  public static Reader reader(PublishSettings settings) {
    return new Reader(requireNonNull(settings, "settings"));
  }

  /**
   * Reads the feeds topic ({@code read_committed}): the first {@link #read} from the beginning, each
   * next one what was committed since. Not thread-safe: one thread reads; the caller closes it.
   */
  public static final class Reader implements AutoCloseable {
    private final PublishSettings settings;
    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private List<TopicPartition> partitions = List.of();

    private Reader(PublishSettings settings) {
      this.settings = settings;
      this.topic = new Topics(settings.topicPrefix()).feeds();
      this.consumer = new KafkaConsumer<>(settings.kafka().config(KafkaClientSettings.Client.CONSUMER, Map.of(
              ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-feeds-reader",
              ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(settings.maxBlock().toMillis()),
              ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(settings.maxBlock().toMillis()),
              // a reader never creates the topic, with a broker's defaults instead of compaction
              ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"),
          Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
              ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
              ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
          new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * What was committed to the topic since the last read (the first: all of it), up to its end as
     * of this call. A topic that does not exist yet reads as empty.
     *
     * @throws TimeoutException when the read does not reach the end within {@code within}
     * @throws KafkaException when Kafka refuses the read
     */
    public Changes read(Duration within) throws TimeoutException {
      long deadline = System.nanoTime() + within.toNanos();
      if (partitions.isEmpty()) {
        partitions = consumer.partitionsFor(topic, settings.maxBlock()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (partitions.isEmpty()) {
          return new Changes(List.of(), List.of());
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, settings.maxBlock());
      List<Change> changes = new ArrayList<>();
      List<String> unreadable = new ArrayList<>();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("reading " + topic + " to " + end + " took longer than " + within);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.key() == null) {
            unreadable.add(topic + "-" + r.partition() + "@" + r.offset() + ": a record without a key (feed id)");
            continue;
          }
          Instant at = Instant.ofEpochMilli(r.timestamp());
          if (r.value() == null) {
            changes.add(new Change(r.key(), Optional.empty(), at));
            continue;
          }
          try {
            changes.add(new Change(r.key(), Optional.of(FeedDefinitionJson.decode(r.key(), r.value())), at));
          } catch (IOException e) {
            unreadable.add(topic + "-" + r.partition() + "@" + r.offset() + ": feed " + r.key() + ": " + e.getMessage());
          }
        }
      }
      return new Changes(changes, unreadable);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
