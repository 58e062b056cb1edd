package io.feedpipe.publish;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.FeedState;
import io.feedpipe.model.PollResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/**
 * What one poll result commits, planned without a producer, for a host that sends the records in a
 * transaction of its own (the Kafka Connect source task): the same decisions and bytes as {@link
 * StoryPublisher} — stories and flagged copies, dead letters, the feed-status record and the
 * feed-state record last — and the feed state that becomes current once they commit. The host must
 * judge the next poll of the feed against exactly the state it committed with these records, as
 * {@code StoryPublisher} does, or a story may be published twice.
 *
 * <p>Thread-safe: it holds no mutable state.
 */
public final class PollPlans {
  private final PollPlanner planner;
  private final Topics topics;

  /** Plans against the topics of {@code publish.topicPrefix} with the limits of {@code settings}. */
  public PollPlans(PublishSettings settings) {
    requireNonNull(settings, "settings");
    this.topics = new Topics(settings.topicPrefix());
    this.planner = new PollPlanner(topics, settings);
  }

  /**
   * One poll's records and the feed's next state.
   *
   * @param records in send order, the feed-state record last
   * @param newState the state to judge the feed's next poll against once the records committed
   * @param publishedStories the stories published (not dead-lettered), revisions included
   * @param deadLetterKinds the kind of each dead letter among the records, as the service's receipt
   *     counts them
   */
  public record Plan(List<OutRecord> records, FeedState newState, int publishedStories, List<String> deadLetterKinds) {
    public Plan {
      records = List.copyOf(records);
      deadLetterKinds = List.copyOf(deadLetterKinds);
      requireNonNull(newState, "newState");
    }
  }

  /** The records {@code result} commits, judged against the feed's committed state {@code prior}. */
  public Plan plan(Optional<FeedState> prior, PollResult result) {
    requireNonNull(prior, "prior");
    requireNonNull(result, "result");
    TransactionPlan plan = planner.plan(prior, result);
    return new Plan(plan.records(), requireNonNull(plan.newState(), "newState"), plan.published().size(),
        plan.deadLetterKinds());
  }

  /** The topics the plans write to. */
  public Topics topics() {
    return topics;
  }

  /**
   * Creates feedpipe's topics that are missing, as the service does at start: the plans' records
   * need the compacted feed-state and feed-status topics. Blocks for at most about {@code
   * kafka.maxBlock} per step.
   *
   * @throws BrokerUnavailableException when Kafka does not answer or refuses: nothing was created
   */
  public static void ensureTopics(PublishSettings settings) throws BrokerUnavailableException, InterruptedException {
    requireNonNull(settings, "settings");
    Topics topics = new Topics(settings.topicPrefix());
    try (Admin admin = Admin.create(settings.kafka().config(KafkaClientSettings.Client.ADMIN,
        Map.of(AdminClientConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-topics-admin"), Map.of()))) {
      TopicSetup.ensure(admin, topics, settings);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new BrokerUnavailableException("Kafka at " + settings.bootstrapServers() + " did not create or describe "
          + "feedpipe's topics (" + topics + "): " + e.getMessage(), e);
    }
  }

  /** A feed state as the compact bytes of the feed-state topic. */
  public static byte[] encodeState(FeedState state) {
    return FeedStateCodec.encode(requireNonNull(state, "state"));
  }

  /**
   * A feed state as the smaller bytes of a Kafka Connect source offset: the compact bytes with
   * their head in binary (about 200 bytes less a feed), which {@link #decodeState} reads too. The
   * feed-state records keep {@link #encodeState}'s bytes.
   */
  public static byte[] encodeOffsetState(FeedState state) {
    return FeedStateCodec.encodeBinaryHead(requireNonNull(state, "state"));
  }

  /**
   * A feed state from the bytes of {@link #encodeState} or {@link #encodeOffsetState}.
   *
   * @throws IOException when the bytes are not a feed state of a format this version reads
   */
  public static FeedState decodeState(byte[] bytes) throws IOException {
    return FeedStateCodec.decode(requireNonNull(bytes, "bytes"));
  }
}
