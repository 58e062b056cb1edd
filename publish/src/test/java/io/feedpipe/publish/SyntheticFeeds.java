package io.feedpipe.publish;

import io.feedpipe.model.Dateline;
import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.PollResult;
import io.feedpipe.model.Provenance;
import io.feedpipe.model.Quality;
import io.feedpipe.model.Removal;
import io.feedpipe.model.SeenStories;
import io.feedpipe.model.Story;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deterministic synthetic feeds for the exactly-once oracle: feed {@code f} holds items numbered
 * {@code 0..itemsPerFeed-1}; at round {@code r} it shows the {@code window} newest of the first
 * {@code (r+1)*step} items. The round is kept in the feed state's ETag ({@code "round-<r>"}), the
 * way a real feed's validator is, so a restarted service resumes from its committed state. Items
 * stay in the feed for {@code window/step} rounds, so a poll retried after a crash still holds
 * every item that was not committed.
 */
record SyntheticFeeds(int feeds, int itemsPerFeed, int step, int window) {
  static final Instant EPOCH = Instant.parse("2026-11-28T00:00:00Z");

  SyntheticFeeds {
    if (window < step) {
      throw new IllegalArgumentException("window " + window + " must be at least step " + step);
    }
  }

  static String feedId(int feed) {
    return "feed-" + feed;
  }

  static URI feedUrl(int feed) {
    return URI.create("http://127.0.0.1/feeds/" + feed + ".xml");
  }

  /** Rounds after which every item has been shown: {@code 0..rounds()-1}. */
  int rounds() {
    return (itemsPerFeed + step - 1) / step;
  }

  /** The round recorded in a committed state, or -1 for a feed never polled. */
  static int committedRound(Optional<FeedState> state) {
    return state.flatMap(FeedState::etag).map(e -> Integer.parseInt(e.substring("round-".length()))).orElse(-1);
  }

  PollResult poll(int feed, int round) {
    int upTo = Math.min(itemsPerFeed, (round + 1) * step);
    int from = Math.max(0, upTo - window);
    Instant at = EPOCH.plus(Duration.ofMinutes(round));
    List<Story> stories = new ArrayList<>();
    for (int seq = from; seq < upTo; seq++) {
      stories.add(story(feed, seq, 1, at));
    }
    return result(feed, round, stories, at);
  }

  static PollResult result(int feed, int round, List<Story> stories, Instant at) {
    FeedState state = new FeedState(feedId(feed), feedUrl(feed), Optional.empty(), Optional.of("round-" + round), Optional.empty(),
        SeenStories.empty(), 0, Optional.of(at), Optional.of(at), Optional.of(at.plusSeconds(60)), Optional.empty());
    FeedStatus status = new FeedStatus(feedId(feed), feedUrl(feed), at, PollOutcome.OK, Optional.of(200),
        Optional.empty(), Optional.empty(), 0, Optional.of(at.plusSeconds(60)), Optional.empty(), List.of());
    return new PollResult(state, stories, List.of(), status);
  }

  /** Item {@code seq} of {@code feed}; {@code version} changes its body. Its guid is {@code "<feed>/<seq>"}. */
  static Story story(int feed, int seq, int version, Instant fetchedAt) {
    String text = "Story " + seq + " of feed " + feed + (version > 1 ? " (version " + version + ")" : "")
        + ".\n\nA second paragraph.";
    boolean flagged = seq % 10 == 0;
    return new Story(
        feedId(feed) + "-" + seq,
        Optional.of(feed + "/" + seq),
        Optional.of("https://news.example/" + feed + "/" + seq),
        new FeedInfo(feedId(feed), feedUrl(feed), Optional.of("Synthetic feed " + feed)),
        "Headline " + seq,
        Optional.of("Summary " + seq),
        List.of("Desk " + feed),
        List.of("World"),
        Optional.of("en"),
        Optional.of(EPOCH.plusSeconds(seq)),
        Optional.empty(),
        fetchedAt,
        text,
        "<p>" + text.replace("\n\n", "</p><p>") + "</p>",
        seq % 3 == 0 ? Optional.of(Dateline.of("Moscow", Optional.of("September 13"), Optional.of("ANI")))
            : Optional.empty(),
        flagged
            ? new Provenance(true, true, true, List.of("ANI"), List.of("CNN"),
                List.of(new io.feedpipe.model.Evidence("notice-unedited", "(This is an unedited and auto-generated story)")))
            : Provenance.none(),
        flagged ? List.of(new Removal("notice", "notice-unedited", "(This is an unedited and auto-generated story)"))
            : List.of(),
        text.split("\\s+").length,
        String.format("%016x", (long) feed << 32 | seq),
        Quality.unknown());
  }
}
