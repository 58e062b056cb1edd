package io.feedpipe.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.SeenStories;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeedStatusViewTest {
  private static final URI MOVED = URI.create("https://new.example/rss");
  private static final Instant POLLED = Instant.parse("2026-11-28T12:00:00Z");
  private static final Instant DUE = Instant.parse("2026-11-28T12:05:00Z");

  private static FeedState state(Optional<String> disabledReason) {
    return new FeedState("f1", MOVED, Optional.empty(), Optional.empty(), Optional.empty(), SeenStories.empty(), 2,
        Optional.of(POLLED), Optional.empty(), Optional.of(DUE), disabledReason);
  }

  private static FeedStatus failed() {
    return new FeedStatus("f1", MOVED, POLLED, PollOutcome.NETWORK_ERROR, Optional.empty(), Optional.of("timeout"),
        Optional.of("https://new.example/rss: no response within 30s (limit fetch.timeout)"), 0, Optional.of(DUE),
        Optional.empty(), List.of());
  }

  @Test
  void aFailingFeedShowsItsCurrentUrlOutcomeErrorAndNextAttempt() {
    FeedStatusView view = FeedStatusView.of(state(Optional.empty()), Optional.of(failed()));

    assertThat(view).isEqualTo(new FeedStatusView("f1", MOVED, Optional.of(POLLED), Optional.of(PollOutcome.NETWORK_ERROR),
        Optional.of(DUE), 2, Optional.of("https://new.example/rss: no response within 30s (limit fetch.timeout)"),
        Optional.empty()));
  }

  @Test
  void aDisabledFeedHasNoNextDueTime() {
    FeedStatusView view = FeedStatusView.of(state(Optional.of("410 Gone")), Optional.empty());

    assertThat(view.nextDueAt()).isEmpty();
    assertThat(view.disabledReason()).hasValue("410 Gone");
    assertThat(view.outcome()).isEmpty();
  }
}
