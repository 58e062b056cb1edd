package io.feedpipe.publish;

import io.feedpipe.model.DeadLetter;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.PollResult;
import io.feedpipe.model.SeenStories;
import io.feedpipe.model.Story;
import io.feedpipe.model.StoryKeys;
import io.feedpipe.publish.PublishReceipt.PublishedStory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * Decides what one poll result commits. Pure: no I/O, no clock (the poll's {@code polledAt} is
 * the time), so every rule here is unit-tested without a broker.
 *
 * <p>Per story, against the feed's seen keys: unknown id → revision 1; known id with another
 * content hash ({@link ContentHash}) → revision + 1; same hash → nothing. A story whose event
 * cannot be encoded, or is larger than {@code publish.maxStoryBytes}, becomes a dead letter
 * instead and is remembered as seen with the revision it would have had, so it is dead-lettered
 * once per content version, not on every poll. So does a story whose event Kafka refused for good
 * (see {@link RefusedSend}) when the publisher plans the poll again without it.
 *
 * <p>Seen-story pruning rule, applied only after a poll that read the feed ({@code OK}; a 304 or a
 * failure leaves them untouched): stories in this poll are always kept; of the others, those last
 * seen more than {@code publish.seenRetention} before this poll are dropped, then the most recently
 * seen {@code publish.maxSeenPerFeed} are kept (last-seen times are whole seconds, rounded up; of
 * stories last seen in the same second, those with the lower id hash). A story that comes back
 * after it was pruned is published again as revision 1. If the state record would still exceed
 * {@code publish.maxStoryBytes}, the oldest stories not in this poll are dropped until it fits.
 * Stories are remembered by 64-bit hashes of their ids and contents ({@link SeenStories}).
 *
 * <p>Identities (what finds a story under another guid: {@link StoryMatcher}) are kept, after
 * every poll, for the {@code publish.identityWindow} most recently seen stories and those of the
 * poll; an older story is known by its own id alone, so coming back under a new guid it is
 * published as a new story — a copy, never a loss.
 */
final class PollPlanner {
  /** Largest payload head kept in a dead letter, in characters. */
  static final int MAX_DEAD_LETTER_HEAD_CHARS = 4096;
  static final String TYPE_CREATED = "io.feedpipe.story.created";
  static final String TYPE_REVISED = "io.feedpipe.story.revised";

  private final Topics topics;
  private final PublishSettings settings;

  PollPlanner(Topics topics, PublishSettings settings) {
    this.topics = topics;
    this.settings = settings;
  }

  TransactionPlan plan(Optional<FeedState> prior, PollResult result) {
    return plan(prior, result, Map.of());
  }

  /**
   * Like {@link #plan(Optional, PollResult)}, with the stories whose event Kafka already refused
   * for good ({@link RefusedSend}, by story id) dead-lettered instead, like an oversized one.
   */
  TransactionPlan plan(Optional<FeedState> prior, PollResult result, Map<String, RefusedSend> refusedStories) {
    FeedStatus status = result.status();
    Instant now = status.polledAt();
    String feedId = result.state().feedId();
    SeenStories before = prior.map(FeedState::seen).orElse(result.state().seen());
    SeenStories.Stability stability = before.stability();
    List<Story> stories = result.stories();
    List<StoryMatcher.Keys> keys = new ArrayList<>(stories.size());
    for (Story story : stories) {
      keys.add(new StoryMatcher.Keys(SeenStories.idHash(story.id()), story.url().map(StoryKeys::linkKey).orElse(0L),
          StoryKeys.fingerprint(story.title(), story.text()), !story.text().isBlank()));
    }
    List<StoryMatcher.Match> matches = StoryMatcher.match(before, keys);
    // this poll's stories by the id hash of their item, in poll order: what the state remembers of them after it
    Map<Long, Remembered> polled = new LinkedHashMap<>();
    // remembered stories whose item came under another id with the same link and fingerprint: remembered by that id now
    Set<Long> rekeyed = new HashSet<>();
    // the revision each story (by the id its events carry) was published with in this poll
    Map<String, Integer> revised = new HashMap<>();
    StabilityEvidence evidence = new StabilityEvidence();
    List<OutRecord> records = new ArrayList<>();
    List<DeadLetter> letters = new ArrayList<>();
    List<PublishedStory> published = new ArrayList<>();
    int unchanged = 0;
    for (int k = 0; k < stories.size(); k++) {
      Story story = stories.get(k);
      StoryMatcher.Keys key = keys.get(k);
      @Nullable Remembered seen;
      @Nullable String via = null;
      switch (matches.get(k)) {
        case StoryMatcher.SameAsItem same -> seen = same.sameId() ? polled.get(key.idHash()) : null;
        case StoryMatcher.Own own -> {
          seen = Remembered.of(before, own.index());
          evidence.guidKept();
        }
        case StoryMatcher.Other other -> {
          seen = Remembered.of(before, other.index());
          via = other.via().label;
          if (key.linkKey() == before.linkKey(other.index()) && key.fingerprint() == before.fingerprint(other.index())) {
            rekeyed.add(before.idHash(other.index())); // else it stays, so its own item coming back is still known
          }
          if (key.linkKey() != 0 && key.linkKey() == before.linkKey(other.index())) {
            evidence.guidChanged(story);
          }
        }
        case StoryMatcher.New fresh -> seen = null;
      }
      if (seen == null && matches.get(k) instanceof StoryMatcher.SameAsItem) {
        unchanged++; // a copy of an earlier item of this poll: its story is that item's
        continue;
      }
      long hash = ContentHash.of(story);
      long date = dateSecond(story.publishedAt());
      String storyId = seen != null ? seen.identity().storyId().orElse(story.id()) : story.id();
      // the key its first event carried: stories.unique passes one story's revisions under one key
      String storyKey = seen != null ? seen.identity().storyKey().orElse(story.storyKey()) : story.storyKey();
      if (seen != null && (seen.contentHash() == hash
          || seen.identity().fingerprint() == 0 && seen.contentHash() == ContentHash.legacyOf(story))) {
        unchanged++;
        long was = seen.identity().dateSecond();
        if (was != 0 && date != 0) {
          evidence.date(story, was != date, was);
        }
        long publishedSecond = seen.identity().publishedSecond() != 0 ? seen.identity().publishedSecond() : date;
        polled.put(key.idHash(),
            new Remembered(hash, seen.revision(), identity(storyId, storyKey, key, publishedSecond, date)));
        continue;
      }
      int revision = Math.max(seen == null ? 0 : seen.revision(), revised.getOrDefault(storyId, 0)) + 1;
      revised.put(storyId, revision);
      long publishedSecond = stability.datesUnstable() && seen != null && seen.identity().publishedSecond() != 0
          ? seen.identity().publishedSecond() : date;
      Story event = story;
      if (!storyId.equals(story.id()) || !storyKey.equals(story.storyKey()) || publishedSecond != date
          || via != null) {
        event = story.asPublished(storyId, storyKey,
            publishedSecond != date ? Optional.of(Instant.ofEpochSecond(publishedSecond)) : story.publishedAt(),
            via == null ? story.quality() : story.quality().withGuidSource(via));
      }
      polled.put(key.idHash(), new Remembered(hash, revision, identity(storyId, storyKey, key, publishedSecond, date)));
      Optional<DeadLetter> refused = eventRecords(event, revision, refusedStories.get(event.id()), records);
      if (refused.isPresent()) {
        letters.add(refused.get());
      } else {
        published.add(new PublishedStory(event.id(), revision));
      }
    }
    SeenStories.Stability found = stability;
    List<String> findings = List.of();
    if (status.outcome() == PollOutcome.OK) {
      found = evidence.update(stability);
      findings = evidence.findings(stability, found, feedId, status.url().toString());
    }
    for (DeadLetter letter : result.deadLetters()) {
      letters.add(bounded(letter));
    }
    for (DeadLetter letter : letters) {
      records.add(new OutRecord(topics.deadLetters(), feedId, JsonCodec.encode(letter), jsonHeaders()));
    }
    FeedStatus withCount = status.withStoriesPublished(published.size())
        .withStability(found.guidsUnstable(), found.datesUnstable());
    records.add(new OutRecord(topics.feedStatus(), feedId, JsonCodec.encode(withCount), jsonHeaders()));
    // Only a poll that read the whole feed says which stories left it: after a 304 or a failed
    // poll the seen stories stay as they are, however old, or a feed quiet for a month would see its
    // stories published again.
    SeenStories.Builder merged = before.toBuilder().stability(found);
    rekeyed.forEach(merged::remove);
    long nowSecond = SeenStories.secondOf(now);
    if (!revised.isEmpty()) { // a story remembered under several ids keeps one revision count
      for (int i = 0, n = before.size(); i < n; i++) {
        Integer revision = revised.get(before.identity(i).storyId().orElse(""));
        if (revision != null && !polled.containsKey(before.idHash(i))) {
          merged.putSecond(before.idHash(i), before.contentHash(i), revision, before.lastSeenSecond(i), before.identity(i));
        }
      }
    }
    polled.forEach((id, r) -> merged.putSecond(id, r.contentHash(),
        Math.max(r.revision(), revised.getOrDefault(r.identity().storyId().orElse(""), 0)), nowSecond, r.identity()));
    SeenStories seen = merged.build();
    if (status.outcome() == PollOutcome.OK) {
      long oldest = SeenStories.secondOf(now.minus(settings.seenRetention()).isBefore(Instant.EPOCH)
          ? Instant.EPOCH : now.minus(settings.seenRetention()));
      seen = seen.retain(polled::containsKey, oldest, settings.maxSeenPerFeed());
    }
    seen = seen.withIdentityWindow(settings.identityWindow(), polled::containsKey);
    FeedState state = withSeen(result.state(), seen);
    byte[] stateBytes = FeedStateCodec.encode(state);
    while (stateBytes.length > settings.maxStoryBytes() && state.seen().size() > polled.size()) {
      int keepOthers = (state.seen().size() - polled.size()) / 2;
      state = withSeen(state, state.seen().retain(polled::containsKey, 0, keepOthers));
      stateBytes = FeedStateCodec.encode(state);
    }
    records.add(new OutRecord(topics.feedState(), feedId, stateBytes, List.of()));
    return new TransactionPlan(records, state, published, unchanged, letters.stream().map(DeadLetter::kind).toList(),
        findings);
  }

  /** What the state remembers of one story of the poll. */
  private record Remembered(long contentHash, int revision, SeenStories.Identity identity) {
    static Remembered of(SeenStories seen, int i) {
      return new Remembered(seen.contentHash(i), seen.revision(i), seen.identity(i));
    }
  }

  private static SeenStories.Identity identity(
      String storyId, String storyKey, StoryMatcher.Keys key, long publishedSecond, long date) {
    long[] id = SeenStories.Identity.storyIdBits(storyId);
    long[] k = SeenStories.Identity.storyIdBits(storyKey);
    return new SeenStories.Identity(id[0], id[1], key.linkKey(), key.fingerprint(), publishedSecond, date, k[0], k[1]);
  }

  /** A date as the whole second the state keeps, 0 when there is none or it lies outside 1970..2106. */
  private static long dateSecond(Optional<Instant> date) {
    long second = date.map(Instant::getEpochSecond).orElse(0L);
    return second > 0 && second <= 0xFFFF_FFFFL ? second : 0;
  }

  /** The tombstones of a feed's state and status: what forgetting a feed that is no longer configured commits. */
  TransactionPlan forget(String feedId) {
    return new TransactionPlan(List.of(new OutRecord(topics.feedStatus(), feedId, null, List.of()),
        new OutRecord(topics.feedState(), feedId, null, List.of())), null, List.of(), 0, List.of(), List.of());
  }

  /** Adds the story's event (and its flagged copy) to {@code records}, or returns why it cannot be published. */
  private Optional<DeadLetter> eventRecords(
      Story story, int revision, @Nullable RefusedSend refusedByKafka, List<OutRecord> records) {
    byte[] value;
    try {
      value = StoryEvents.encode(story, revision);
    } catch (IllegalArgumentException e) {
      byte[] lenient = (story.title() + "\n" + story.text()).getBytes(StandardCharsets.UTF_8);
      return Optional.of(storyLetter(story, "unencodable-story",
          story.feed().url() + ": story " + story.id() + " revision " + revision
              + " cannot be encoded as UTF-8 JSON: " + e.getMessage(),
          lenient));
    }
    OutRecord event = new OutRecord(topics.stories(), story.id(), value, eventHeaders(story, revision));
    if (event.sizeBytes() > settings.maxStoryBytes()) {
      return Optional.of(storyLetter(story, "oversized-story",
          story.feed().url() + ": story " + story.id() + " revision " + revision + " is " + event.sizeBytes()
              + " bytes as an event, over the limit of " + settings.maxStoryBytes()
              + " (publish.maxStoryBytes)",
          value));
    }
    if (refusedByKafka != null) {
      return Optional.of(storyLetter(story, refusedByKafka.kind(),
          story.feed().url() + ": story " + story.id() + " revision " + revision + " cannot be published: "
              + refusedByKafka.describe(),
          value));
    }
    records.add(event);
    if (story.provenance().flagged()) {
      records.add(new OutRecord(topics.flagged(), story.id(), value, event.headers()));
    }
    return Optional.empty();
  }

  private static DeadLetter storyLetter(Story story, String kind, String reason, byte[] payload) {
    String head = new String(payload, 0, Math.min(payload.length, MAX_DEAD_LETTER_HEAD_CHARS), StandardCharsets.UTF_8);
    return new DeadLetter(story.feed().id(), story.feed().url(), Optional.of(story.id()), kind, reason,
        sha256(payload), payload.length, truncate(head), story.fetchedAt());
  }

  private static DeadLetter bounded(DeadLetter letter) {
    if (letter.payloadHead().length() <= MAX_DEAD_LETTER_HEAD_CHARS) {
      return letter;
    }
    return new DeadLetter(letter.feedId(), letter.feedUrl(), letter.storyId(), letter.kind(), letter.reason(),
        letter.payloadSha256(), letter.payloadBytes(), truncate(letter.payloadHead()), letter.at());
  }

  private static String truncate(String s) {
    if (s.length() <= MAX_DEAD_LETTER_HEAD_CHARS) {
      return s;
    }
    int end = MAX_DEAD_LETTER_HEAD_CHARS;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  private static FeedState withSeen(FeedState s, SeenStories seen) {
    return new FeedState(s.feedId(), s.url(), s.movedFrom(), s.etag(), s.lastModified(), seen, s.consecutiveErrors(),
        s.lastPollAt(), s.lastSuccessAt(), s.nextDueAt(), s.disabledReason());
  }

  static List<Header> eventHeaders(Story story, int revision) {
    return List.of(
        header("ce_specversion", "1.0"),
        header("ce_id", story.id() + ":" + revision),
        header("ce_source", story.feed().url().toString()),
        header("ce_type", revision == 1 ? TYPE_CREATED : TYPE_REVISED),
        header("ce_time", StoryEvents.iso(story.fetchedAt())),
        header("ce_subject", story.id()),
        header("content-type", "application/json"));
  }

  private static List<Header> jsonHeaders() {
    return List.of(header("content-type", "application/json"));
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
