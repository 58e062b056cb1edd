package io.feedpipe.publish;

import static io.feedpipe.publish.IdentityFeeds.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedpipe.config.SettingValues;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.Story;
import io.feedpipe.model.StoryKeys;
import io.feedpipe.testkit.Gen;
import io.feedpipe.testkit.Property;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * #24: over random histories of one feed — stories coming, leaving and returning, their guids
 * regenerated, switched or kept, their links moved or only dressed differently (scheme, {@code
 * www.}, trailing slash), their titles and texts edited, their dates moving or not, items sharing
 * one link, polls not modified, restarts between polls — no content (title, text, link) is published
 * twice, no content an item carried is left unpublished, and each story's revisions count 1, 2, 3, …
 */
class StoryIdentityPropertyTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  /** One item as the feed serves it in one poll. */
  record Item(int seq, String guid, String link, String title, String text, Instant date) {
    @Override
    public String toString() {
      return seq + "[" + guid + " " + link + " '" + title + "' '" + text + "' " + date + "]";
    }
  }

  record Poll(PollOutcome outcome, List<Item> items, boolean restartBefore) {}

  record History(boolean guidsRegenerate, boolean datesMove, boolean oneLink, List<Poll> polls) {}

  /** What the feed knows of story {@code seq}: edited by counting versions up, never back. */
  private static final class Source {
    final int seq;
    int guidEpoch;
    int pathEpoch;
    int titleVersion;
    int textVersion;
    boolean present;

    Source(int seq) {
      this.seq = seq;
    }
  }

  private static final Gen<History> HISTORIES = random -> {
    boolean guidsRegenerate = random.nextInt(3) == 0;
    boolean datesMove = random.nextInt(3) == 0;
    boolean oneLink = random.nextInt(4) == 0;
    List<Source> sources = new ArrayList<>();
    List<Poll> polls = new ArrayList<>();
    for (int p = random.nextInt(25) + 1; p > 0; p--) {
      if (sources.size() < 8 && random.nextInt(3) == 0) {
        Source s = new Source(sources.size());
        s.present = true;
        sources.add(s);
      }
      for (Source s : sources) {
        switch (random.nextInt(20)) {
          case 0 -> s.present = !s.present; // leaves, or comes back
          case 1 -> s.textVersion++;
          case 2 -> s.titleVersion++;
          case 3 -> s.guidEpoch++; // the guid scheme changes, for this story
          case 4 -> s.pathEpoch++; // the story moves to another URL
          case 5 -> { // an edit and a new guid at once
            s.textVersion++;
            s.guidEpoch++;
          }
          default -> { }
        }
      }
      PollOutcome outcome = random.nextInt(8) == 0 ? PollOutcome.NOT_MODIFIED : PollOutcome.OK;
      List<Item> items = new ArrayList<>();
      if (outcome == PollOutcome.OK) {
        Instant now = T0.plusSeconds(600L * polls.size());
        for (Source s : sources) {
          if (!s.present) {
            continue;
          }
          String guid = guidsRegenerate ? "s" + s.seq + "-" + random.nextInt(1_000_000) : "s" + s.seq + "-g" + s.guidEpoch;
          String path = oneLink ? "/" : "/story/" + s.seq + (s.pathEpoch == 0 ? "" : "-v" + s.pathEpoch);
          String link = switch (random.nextInt(3)) { // one link, however it is dressed
            case 0 -> "https://news.example" + path;
            case 1 -> "http://www.news.example" + path;
            default -> "https://www.news.example" + path + (path.equals("/") ? "" : "/");
          };
          items.add(new Item(s.seq, guid, link, "Story " + s.seq + (s.titleVersion == 0 ? "" : " (" + s.titleVersion + ")"),
              "Text of story " + s.seq + ", version " + s.textVersion + ".", datesMove ? now : T0.plusSeconds(s.seq)));
        }
        java.util.Collections.shuffle(items, random);
      }
      polls.add(new Poll(outcome, items, random.nextInt(5) == 0));
    }
    return new History(guidsRegenerate, datesMove, oneLink, polls);
  };

  @Test
  void everyContentIsPublishedOnceAndRevisionsCountUp() {
    Property.forAll(2424L, 400, HISTORIES, history -> replay(history, PublishSettings.IDENTITY_WINDOW.defaultValue()
        .orElseThrow(), true));
  }

  /**
   * With identities kept for only the 0–3 newest stories (and those of the poll), a story beyond
   * them coming back under a new guid is published again: a copy, but no content is left unpublished.
   */
  @Test
  void withANarrowIdentityWindowNoContentIsLeftUnpublished() {
    Property.forAll(2425L, 400, HISTORIES, history -> replay(history, history.polls().size() % 4, false));
  }

  private static void replay(History history, int identityWindow, boolean onceAndCountingUp) {
    PollPlanner planner = new PollPlanner(new Topics("p"), PublishSettings.from(SettingValues.defaults()
        .with(KafkaClientSettings.BOOTSTRAP_SERVERS, "127.0.0.1:9092")
        .with(PublishSettings.IDENTITY_WINDOW, identityWindow)));
    Optional<FeedState> state = Optional.empty();
    Set<String> published = new HashSet<>();
    Map<String, Integer> revisions = new HashMap<>();
    int n = 0;
    for (Poll poll : history.polls()) {
      n++;
      Instant now = T0.plusSeconds(600L * (n - 1));
      if (poll.restartBefore() && state.isPresent()) {
        state = Optional.of(roundTrip(state.get()));
      }
      List<Story> stories = poll.items().stream()
          .map(i -> IdentityFeeds.item(i.guid(), i.link(), i.title(), i.text(), i.date(), now)).toList();
      TransactionPlan plan = planner.plan(state, IdentityFeeds.poll(stories, now, poll.outcome()));
      for (OutRecord r : plan.records()) {
        if (!r.topic().equals("p.stories")) {
          continue;
        }
        JsonNode event = json(r.value());
        String content = content(event.get("title").asText(), event.get("text").asText(), event.get("url").asText());
        boolean first = published.add(content);
        String id = event.get("id").asText();
        int revision = event.get("revision").asInt();
        if (onceAndCountingUp) {
          assertThat(first).as("poll %d published %s again", n, content).isTrue();
          assertThat(revision).as("revision of %s at poll %d", id, n).isEqualTo(revisions.getOrDefault(id, 0) + 1);
        }
        revisions.put(id, revision);
      }
      for (Item item : poll.items()) {
        assertThat(published).as("poll %d: %s published", n, item)
            .contains(content(item.title(), item.text(), item.link()));
      }
      state = Optional.of(plan.newState());
    }
  }

  private static String content(String title, String text, String link) {
    return title + "|" + text + "|" + StoryKeys.keyForm(link);
  }

  private static FeedState roundTrip(FeedState s) {
    try {
      FeedState read = FeedStateCodec.decode(FeedStateCodec.encode(s));
      assertThat(read).isEqualTo(s);
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
