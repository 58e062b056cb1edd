package io.feedpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** #20: a private feed's definition holds references to its credentials, and its records never show a secret. */
class PrivateFeedDefinitionTest {
  private static final URI PRIVATE = URI.create("https://alice:s3cr%40t@h.example/feed.xml?token=abc123");

  @Test
  void userinfoBecomesBasicAuthAndLeavesTheUrlWhileTheIdStaysThatOfTheUrlAsGiven() {
    FeedDefinition feed = FeedDefinition.of(PRIVATE);

    assertThat(feed.id()).isEqualTo(FeedDefinition.idFor(PRIVATE));
    assertThat(feed.url()).hasToString("https://h.example/feed.xml?token=abc123");
    assertThat(feed.auth()).contains(new FeedAuth.Basic("alice", new SecretRef.Inline("s3cr@t")));
    assertThat(feed.toString()).doesNotContain("s3cr", "alice");
    assertThat(feed.carriesSecretValues()).isTrue();
  }

  @Test
  void aDefinitionWithReferencesOnlyCarriesNoSecretValue() {
    FeedDefinition feed = new FeedDefinition("p", URI.create("https://h.example/feed.xml?page=1"), Optional.empty(),
        List.of(), Optional.empty(), Map.of(), Optional.of(new FeedAuth.Bearer(new SecretRef.FromEnv("FEED_TOKEN"))),
        Map.of("X-Api-Key", new SecretRef.FromFile("/run/secrets/key")));

    assertThat(feed.carriesSecretValues()).isFalse();
    assertThat(feed.toString()).contains("FEED_TOKEN", "/run/secrets/key");
  }

  @Test
  void aUrlWithUserinfoOrAReservedHeaderIsRefused() {
    assertThatThrownBy(() -> new FeedDefinition("p", PRIVATE, Optional.empty(), List.of(), Optional.empty(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userinfo").hasMessageNotContaining("s3cr")
        .hasMessageNotContaining("abc123");
    assertThatThrownBy(() -> withHeaders(Optional.empty(), Map.of("Host", new SecretRef.FromEnv("H"))))
        .hasMessageContaining("Host");
    assertThatThrownBy(() -> withHeaders(Optional.of(new FeedAuth.Bearer(new SecretRef.FromEnv("T"))),
        Map.of("authorization", new SecretRef.FromEnv("H")))).hasMessageContaining("has auth");
    assertThatThrownBy(() -> withHeaders(Optional.empty(), Map.of("X Key", new SecretRef.FromEnv("H"))))
        .hasMessageContaining("not an HTTP header name");
    assertThatThrownBy(() -> new SecretRef.FromEnv("FEED-TOKEN")).hasMessageContaining("environment variable name");
  }

  private static FeedDefinition withHeaders(Optional<FeedAuth> auth, Map<String, SecretRef> headers) {
    return new FeedDefinition("p", URI.create("https://h.example/"), Optional.empty(), List.of(), Optional.empty(),
        Map.of(), auth, headers);
  }

  @Test
  void recordsThatLeaveTheProcessHoldRedactedUrlsAndTexts() {
    URI url = URI.create("https://h.example/feed.xml?token=abc123");
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    FeedStatus status = new FeedStatus("p", url, now, PollOutcome.HTTP_ERROR, Optional.of(500), Optional.of("http-status"),
        Optional.of(url + ": HTTP 500"), 0, Optional.empty(), Optional.of("410 Gone at " + url), List.of());
    DeadLetter letter = new DeadLetter("p", url, Optional.empty(), "xml", url + ": not XML", "00", 0, "", now);
    FeedInfo info = new FeedInfo("p", url, Optional.empty());
    FeedState state = new FeedState("p", url, Optional.of(url), Optional.empty(), Optional.empty(), SeenStories.empty(), 1,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("410 Gone at " + url));

    assertThat(List.of(status, letter, info, state)).allSatisfy(r -> assertThat(r.toString()).doesNotContain("abc123")
        .contains("token=REDACTED"));
  }

  @Test
  void aStateKeepsTheRedactedUrlAndPollsTheConfiguredOneWithItsSecrets() {
    FeedDefinition feed = FeedDefinition.of(URI.create("https://h.example/feed.xml?token=abc123"));
    FeedState initial = FeedState.initial(feed.id(), feed.url());

    assertThat(initial.url()).hasToString("https://h.example/feed.xml?token=REDACTED");
    assertThat(initial.urlFor(feed)).isEqualTo(feed.url());
    assertThat(initial.configuredAs(feed)).isSameAs(initial);
  }

  @Test
  void aFeedMovedPermanentlyIsPolledAtItsNewUrlWithTheConfiguredSecrets() {
    FeedDefinition feed = FeedDefinition.of(URI.create("https://h.example/feed.xml?token=abc123"));
    URI movedTo = URI.create("https://h.example/v2/feed.xml?token=abc123");
    FeedState moved = new FeedState(feed.id(), movedTo, Optional.of(feed.url()), Optional.of("\"e\""), Optional.empty(),
        SeenStories.empty(), 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(moved.url()).hasToString("https://h.example/v2/feed.xml?token=REDACTED");
    assertThat(moved.urlFor(feed)).isEqualTo(movedTo);
    assertThat(moved.configuredAs(feed)).isSameAs(moved);

    // the operator gives the feed another URL: it moves there, validators dropped
    FeedDefinition edited = new FeedDefinition(feed.id(), URI.create("https://h.example/other.xml?token=abc123"),
        Optional.empty(), List.of(), Optional.empty(), Map.of());
    assertThat(moved.urlFor(edited)).isEqualTo(edited.url());
    assertThat(moved.configuredAs(edited).etag()).isEmpty();
  }
}
