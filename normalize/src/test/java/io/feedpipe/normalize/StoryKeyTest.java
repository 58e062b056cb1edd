package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.Quality;
import io.feedpipe.model.RawItem;
import io.feedpipe.model.Story;
import io.feedpipe.model.StoryKeys;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoryKeyTest {
  private static final TrackingParameters TRACKING = NormalizeRules.defaults().compiled().tracking();
  private final Normalizer normalizer = Normalizer.withDefaultRules();

  @Test
  void twoCategoryFeedsOfOneSiteCarryingOnePermalinkGuidGiveOneStoryKeyAndTwoIds() { // #25
    Story india = normalizer.normalize(permalinkGuidItem("https://example.org/feeds/india.xml"));
    Story world = normalizer.normalize(permalinkGuidItem("https://example.org/feeds/world.xml"));

    assertThat(india.id()).isNotEqualTo(world.id());
    assertThat(india.storyKey()).isEqualTo(world.storyKey())
        .isEqualTo(StoryId.hash("example.org/news/a1.html")).matches("[0-9a-f]{32}");
  }

  @Test
  void anItemWithoutAnHttpLinkIsKeyedByItsStoryId() {
    RawItem noLink = new RawItem(new FeedInfo("f", URI.create("https://example.org/feed"), Optional.empty()), "guid-7",
        Optional.of("guid-7"), Optional.empty(), Optional.of("t"), Optional.empty(), Optional.of("<p>Body.</p>"),
        List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Items.FETCHED, List.of());
    RawItem mailto = new RawItem(noLink.feed(), "guid-8", Optional.empty(), Optional.of("mailto:desk@example.org"),
        Optional.of("t"), Optional.empty(), Optional.of("<p>Body.</p>"), List.of(), List.of(), Optional.empty(),
        Optional.empty(), Optional.empty(), Items.FETCHED, List.of());

    for (RawItem item : List.of(noLink, mailto)) {
      Story story = normalizer.normalize(item);
      assertThat(story.storyKey()).as(item.identity()).isEqualTo(story.id());
    }
  }

  @Test
  void schemeDefaultPortUserInfoAndFragmentNameNoOtherPage() {
    assertThat(List.of("http://example.org/news/a1.html", "https://example.org/news/a1.html",
        "https://example.org:443/news/a1.html", "http://example.org:80/news/a1.html",
        "https://editor@example.org/news/a1.html", "https://EXAMPLE.org/news/a1.html#comments"))
        .allSatisfy(link -> assertThat(keyForm(link)).as(link).isEqualTo("example.org/news/a1.html"));
    assertThat(keyForm("https://example.org:8443/news/a1.html")).isEqualTo("example.org:8443/news/a1.html");
  }

  @Test
  void aLeadingWwwIsDroppedButOtherSubdomainsStay() {
    assertThat(keyForm("https://www.example.org/a")).isEqualTo("example.org/a");
    assertThat(keyForm("https://m.example.org/a")).isEqualTo("m.example.org/a");
    assertThat(keyForm("https://www.com/a")).as("www. of a host with no other dot is its name").isEqualTo("www.com/a");
  }

  @Test
  void trackingParametersGoAndTheOthersAreSortedSoTheirOrderDoesNotMatter() {
    assertThat(keyForm("https://example.org/story?id=7&utm_source=rss&page=2&fbclid=x"))
        .isEqualTo(keyForm("https://example.org/story?page=2&id=7"))
        .isEqualTo("example.org/story?id=7&page=2");
    assertThat(keyForm("https://example.org/story?utm_medium=feed&")).isEqualTo("example.org/story");
  }

  @Test
  void pathsKeepTheirCaseButNotATrailingSlashDotSegmentsOrEscapedUnreservedCharacters() {
    assertThat(keyForm("https://example.org/2026/05/story/")).isEqualTo("example.org/2026/05/story");
    assertThat(keyForm("https://example.org/a/./b/../story%2Dtwo")).isEqualTo("example.org/a/story-two");
    assertThat(keyForm("https://example.org/caf%c3%a9")).isEqualTo("example.org/caf%C3%A9");
    assertThat(keyForm("https://example.org")).isEqualTo(keyForm("https://example.org/")).isEqualTo("example.org/");
    assertThat(keyForm("https://example.org/Story")).isNotEqualTo(keyForm("https://example.org/story"));
  }

  @Test
  void aDifferentPageOfOneSiteHasADifferentKey() {
    assertThat(keyForm("https://example.org/news/a1.html")).isNotEqualTo(keyForm("https://example.org/news/a2.html"));
    assertThat(keyForm("https://example.org/story?id=7")).isNotEqualTo(keyForm("https://example.org/story?id=8"));
  }

  private static String keyForm(String link) {
    return StoryKeys.keyForm(CanonicalUrl.parse(link).orElseThrow(), TRACKING::isTracking); // the one rule, in model
  }

  /** An item of a category feed whose only link is its permalink guid, as ingest reads {@code <guid isPermaLink="true">}. */
  private static RawItem permalinkGuidItem(String feedUrl) {
    String guid = "https://example.org/news/a1.html";
    FeedInfo feed = new FeedInfo(FeedDefinition.idFor(URI.create(feedUrl)), URI.create(feedUrl), Optional.of("Example News"));
    return new RawItem(feed, guid, Optional.of(guid), Optional.of(guid), Optional.of("Monsoon reaches Kerala"),
        Optional.of("<p>The monsoon reached Kerala on Friday, three days early.</p>"), Optional.empty(), List.of(),
        List.of(), Optional.of("en"), Optional.empty(), Optional.empty(), Items.FETCHED, List.of(), Optional.empty(),
        new Quality(Optional.empty(), Optional.of("guid"), Optional.of("guid"), List.of()));
  }
}
