package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.config.SettingValues;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.PollResult;
import io.feedpipe.model.SeenStories;
import io.feedpipe.model.Story;
import io.feedpipe.publish.PublishReceipt.PublishedStory;
import io.feedpipe.testkit.Gen;
import io.feedpipe.testkit.Property;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The compact state answers "seen?" and "changed?" as the map of story ids it replaced did, for
 * random histories of one feed: stories coming, changing, leaving and returning, 304s and failures
 * between, retention and the per-feed cap cutting in, and the state written to its record and read
 * back (a restart) now and then.
 *
 * <p>The reference below is the pre-compact rule on a map from story id to (content, revision,
 * last seen), with exact content comparison instead of any hash, and with the compact state's two
 * documented differences: last-seen times rounded up to the second, and, where the cap cuts
 * through stories last seen in the same second, the lower id hashes kept (the map kept the ids
 * that sorted first). Any false "seen" (a story not published) or false "unchanged" fails it.
 */
class SeenStatePropertyTest {
  private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

  /** One poll: its outcome, how long after the previous one, and the stories (seq, version) it holds. */
  record Poll(PollOutcome outcome, Duration after, List<int[]> stories, boolean restartBefore) {
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(outcome.name()).append("+").append(after).append(restartBefore ? "!" : "");
      stories.forEach(st -> s.append(' ').append(st[0]).append('v').append(st[1]));
      return s.toString();
    }
  }

  record History(Duration retention, int maxOthers, List<Poll> polls) {}

  private static final Gen<History> HISTORIES = random -> {
    Duration retention = Duration.ofSeconds(1 + random.nextInt(3 * 86_400));
    int maxOthers = 1 + random.nextInt(random.nextBoolean() ? 5 : 40);
    int[] versions = new int[60];
    int windowStart = 0;
    List<Poll> polls = new ArrayList<>();
    for (int p = random.nextInt(40) + 1; p > 0; p--) {
      int pick = random.nextInt(10);
      PollOutcome outcome = pick < 7 ? PollOutcome.OK : pick < 9 ? PollOutcome.NOT_MODIFIED : PollOutcome.NETWORK_ERROR;
      Duration after = switch (random.nextInt(4)) {
        case 0 -> Duration.ofNanos(random.nextInt(2_000_000_000)); // within a second or two
        case 1 -> Duration.ofSeconds(random.nextInt(600), random.nextInt(1000) * 1_000_000L);
        case 2 -> Duration.ofSeconds(random.nextInt(86_400));
        default -> retention.plusSeconds(random.nextInt(5) - 2); // right at the retention's edge
      };
      List<int[]> stories = new ArrayList<>();
      if (outcome == PollOutcome.OK) {
        windowStart = Math.min(50, windowStart + random.nextInt(4));
        for (int seq = windowStart; seq < windowStart + random.nextInt(10); seq++) {
          if (random.nextInt(8) == 0) {
            versions[seq]++; // the story changed
          }
          stories.add(new int[] {seq, versions[seq]});
        }
        if (random.nextInt(4) == 0) { // an old story comes back, perhaps changed
          int seq = random.nextInt(Math.max(1, windowStart));
          versions[seq] += random.nextInt(2);
          stories.add(new int[] {seq, versions[seq]});
        }
        if (!stories.isEmpty() && random.nextInt(10) == 0) { // one item twice in one poll
          stories.add(stories.get(random.nextInt(stories.size())));
        }
      }
      polls.add(new Poll(outcome, after, stories, random.nextInt(6) == 0));
    }
    return new History(retention, maxOthers, polls);
  };

  @Test
  void compactStateAnswersSeenAndChangedAsTheMapOfIdsDid() {
    Property.forAll(2201L, 300, HISTORIES, history -> {
      PollPlanner planner = new PollPlanner(new Topics("p"), PublishSettings.from(SettingValues.defaults()
          .with(KafkaClientSettings.BOOTSTRAP_SERVERS, "127.0.0.1:9092")
          .with(PublishSettings.SEEN_RETENTION, history.retention())
          .with(PublishSettings.MAX_SEEN_PER_FEED, history.maxOthers())));
      Reference reference = new Reference(history.retention(), history.maxOthers());
      Optional<FeedState> state = Optional.empty();
      Instant now = T0;
      int n = 0;
      for (Poll poll : history.polls()) {
        n++;
        now = now.plus(poll.after());
        if (poll.restartBefore() && state.isPresent()) {
          state = Optional.of(roundTrip(state.get()));
        }
        // SyntheticFeeds writes versions 0 and 1 alike
        List<Story> stories = poll.stories().stream().map(s -> SyntheticFeeds.story(1, s[0], s[1] + 1, T0)).toList();
        TransactionPlan plan = planner.plan(state, result(poll.outcome(), stories, now));
        List<PublishedStory> expected = reference.poll(poll.outcome(), poll.stories(), now);

        assertThat(plan.published()).as("published at poll %d", n).containsExactlyElementsOf(expected);
        for (int seq = 0; seq < 60; seq++) {
          String id = SyntheticFeeds.feedId(1) + "-" + seq;
          assertThat(plan.newState().seen().contains(id)).as("seen %s after poll %d", id, n)
              .isEqualTo(reference.seen.containsKey(id));
        }
        state = Optional.of(plan.newState());
      }
    });
  }

  private static FeedState roundTrip(FeedState state) {
    try {
      FeedState read = FeedStateCodec.decode(FeedStateCodec.encode(state));
      assertThat(read).isEqualTo(state);
      return read;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static PollResult result(PollOutcome outcome, List<Story> stories, Instant at) {
    FeedState state = new FeedState(SyntheticFeeds.feedId(1), SyntheticFeeds.feedUrl(1), Optional.empty(),
        Optional.empty(), Optional.empty(), SeenStories.empty(), outcome == PollOutcome.NETWORK_ERROR ? 1 : 0,
        Optional.of(at), Optional.of(at), Optional.of(at.plusSeconds(60)), Optional.empty());
    FeedStatus status = new FeedStatus(SyntheticFeeds.feedId(1), SyntheticFeeds.feedUrl(1), at, outcome,
        Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(), List.of());
    return new PollResult(state, stories, List.of(), status);
  }

  /** The pre-compact rule, on story ids and exact contents. */
  private static final class Reference {
    record Seen(int version, int revision, Instant lastSeenAt) {}

    final Map<String, Seen> seen = new HashMap<>();
    private final Duration retention;
    private final int maxOthers;

    Reference(Duration retention, int maxOthers) {
      this.retention = retention;
      this.maxOthers = maxOthers;
    }

    List<PublishedStory> poll(PollOutcome outcome, List<int[]> stories, Instant now) {
      Instant lastSeen = Instant.ofEpochSecond(SeenStories.secondOf(now)); // difference 1: whole seconds, rounded up
      List<PublishedStory> published = new ArrayList<>();
      Set<String> inPoll = new HashSet<>();
      for (int[] story : stories) {
        String id = SyntheticFeeds.feedId(1) + "-" + story[0];
        inPoll.add(id);
        Seen before = seen.get(id);
        if (before != null && before.version() == story[1]) {
          seen.put(id, new Seen(story[1], before.revision(), lastSeen));
          continue;
        }
        int revision = before == null ? 1 : before.revision() + 1;
        seen.put(id, new Seen(story[1], revision, lastSeen));
        published.add(new PublishedStory(id, revision));
      }
      if (outcome == PollOutcome.OK) {
        Instant horizon = now.minus(retention);
        seen.entrySet().removeIf(e -> !inPoll.contains(e.getKey()) && e.getValue().lastSeenAt().isBefore(horizon));
        List<String> others = seen.keySet().stream().filter(k -> !inPoll.contains(k))
            .sorted(Comparator.comparing((String k) -> seen.get(k).lastSeenAt()).reversed()
                .thenComparingLong(SeenStories::idHash)) // difference 2: ties by id hash
            .toList();
        others.stream().skip(maxOthers).forEach(seen::remove);
      }
      return published;
    }
  }
}
