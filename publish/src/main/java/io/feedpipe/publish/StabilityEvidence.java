package io.feedpipe.publish;

import io.feedpipe.model.SeenStories.Stability;
import io.feedpipe.model.Story;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one poll showed about its feed's guids and dates, and the rule that marks a feed unstable.
 *
 * <p>Guids: a poll in which an item of a remembered story came under a new guid with the same
 * canonical link counts; a poll in which none did and some item came under its remembered guid
 * ends the run. Dates: a poll in which an unchanged story's date moved counts; a poll in which
 * none moved and some unchanged story kept its date ends the run. {@value #UNSTABLE_AFTER_POLLS}
 * counting polls in a row mark the feed unstable, for good (a feed that switches its guid scheme
 * or corrects a date once is not); only polls that read the feed are weighed. Not thread-safe:
 * one per poll.
 */
final class StabilityEvidence {
  /** Polls in a row that show guids changing (or dates moving) before the feed is marked unstable. */
  static final int UNSTABLE_AFTER_POLLS = 3;

  private int guidsChanged;
  private int guidsKept;
  private int datesMoved;
  private int datesKept;
  private @Nullable String guidExample;
  private @Nullable String dateExample;

  /** An item came under the guid its story is remembered by. */
  void guidKept() {
    guidsKept++;
  }

  /** An item of a remembered story came under a new guid with the same canonical link. */
  void guidChanged(Story story) {
    guidsChanged++;
    if (guidExample == null) {
      guidExample = "'" + story.title() + "' at " + story.url().orElse("?") + " came with guid "
          + story.guid().orElse("(none)");
    }
  }

  /** An unchanged story's date, {@code wasSecond} when last seen: moved or kept. */
  void date(Story story, boolean moved, long wasSecond) {
    if (!moved) {
      datesKept++;
      return;
    }
    datesMoved++;
    if (dateExample == null) {
      dateExample = "'" + story.title() + "' from " + Instant.ofEpochSecond(wasSecond) + " to "
          + story.publishedAt().map(Instant::toString).orElse("?");
    }
  }

  /** The feed's stability after this poll, from its stability before. */
  Stability update(Stability before) {
    int guidPolls = guidsChanged > 0 ? Math.min(before.guidChangePolls() + 1, UNSTABLE_AFTER_POLLS)
        : guidsKept > 0 ? 0 : before.guidChangePolls();
    int datePolls = datesMoved > 0 ? Math.min(before.dateMovePolls() + 1, UNSTABLE_AFTER_POLLS)
        : datesKept > 0 ? 0 : before.dateMovePolls();
    return new Stability(guidPolls, datePolls, before.guidsUnstable() || guidPolls >= UNSTABLE_AFTER_POLLS,
        before.datesUnstable() || datePolls >= UNSTABLE_AFTER_POLLS);
  }

  /** One line for each decision this poll made: the feed found guid- or date-unstable, with the evidence. */
  List<String> findings(Stability before, Stability after, String feedId, String feedUrl) {
    List<String> lines = new ArrayList<>();
    if (after.guidsUnstable() && !before.guidsUnstable()) {
      lines.add("Feed " + feedId + " (" + feedUrl + ") marked guidStability=unstable: in " + UNSTABLE_AFTER_POLLS
          + " polls in a row items of known stories came under new guids for the same links (this poll "
          + guidsChanged + " of " + (guidsChanged + guidsKept) + ", e.g. " + guidExample
          + "); its stories are told apart by canonical link from now on");
    }
    if (after.datesUnstable() && !before.datesUnstable()) {
      lines.add("Feed " + feedId + " (" + feedUrl + ") marked dateStability=unstable: in " + UNSTABLE_AFTER_POLLS
          + " polls in a row dates of unchanged stories moved (this poll " + datesMoved + " of "
          + (datesMoved + datesKept) + ", e.g. " + dateExample + "); its stories keep the date first published");
    }
    return lines;
  }
}
