package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.Quality;
import io.feedpipe.model.RawItem;
import io.feedpipe.model.Repair;
import io.feedpipe.model.Story;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** #16: what ingest learned about an item reaches its story, and normalize's own bound is no silent cut. */
class NormalizerQualityTest {
  private final Normalizer normalizer = Normalizer.withDefaultRules();

  private static RawItem item(Optional<String> link, String body, Optional<URI> contentBase, Quality quality) {
    RawItem hand = Items.item("https://www.latestly.com/x.html", "A Story", body);
    return new RawItem(hand.feed(), hand.identity(), hand.guid(), link, hand.title(), hand.summaryHtml(),
        hand.contentHtml(), hand.authors(), hand.categories(), hand.language(), hand.publishedAt(), hand.updatedAt(),
        hand.fetchedAt(), hand.dateProblems(), contentBase, quality);
  }

  @Test
  void aBodyBeyondTheBoundIsCutAndTheStorySaysSoWithItsOriginalLength() {
    String paragraph = "word ".repeat(600_000); // 3,000,000 characters
    Quality fromIngest = new Quality(Optional.of("pubDate"), Optional.of("link"), Optional.of("guid"),
        List.of(Repair.of("control-char", "title", "control characters dropped: U+0008")));

    Story story = normalizer.normalize(item(Optional.of("https://www.latestly.com/x.html"), "<p>" + paragraph + "</p>",
        Optional.empty(), fromIngest));

    assertThat(story.wordCount()).isLessThan(600_000);
    assertThat(story.quality().dateSource()).contains("pubDate");
    assertThat(story.quality().repairs()).extracting(Repair::kind).containsExactly("control-char", "truncated");
    assertThat(story.quality().repairs().get(1)).satisfies(r -> {
      assertThat(r.where()).isEqualTo("content");
      assertThat(r.originalSize()).contains(3_000_007L);
      assertThat(r.detail()).contains("3000007").contains(String.valueOf(Normalizer.MAX_BODY_CHARS));
    });
  }

  @Test
  void aBodyWithinTheBoundHasNoTruncation() {
    Story story = normalizer.normalize(Items.withBody("<p>Short.</p>"));

    assertThat(story.quality()).isEqualTo(Quality.unknown());
  }

  @Test
  void linksInTheBodyResolveAgainstTheContentBaseIngestGives() {
    String body = "<p>See <a href=\"more/1.html\">the rest</a> of it.</p>";

    Story withBase = normalizer.normalize(item(Optional.of("https://www.latestly.com/x.html"), body,
        Optional.of(URI.create("https://cdn.example/media/")), Quality.unknown()));
    Story withoutLink = normalizer.normalize(item(Optional.empty(), body,
        Optional.of(URI.create("https://www.latestly.com/feeds/")), Quality.unknown()));
    Story ownLink = normalizer.normalize(item(Optional.of("https://www.latestly.com/x.html"), body, Optional.empty(),
        Quality.unknown()));

    assertThat(withBase.html()).contains("href=\"https://cdn.example/media/more/1.html\"");
    assertThat(withoutLink.html()).contains("href=\"https://www.latestly.com/feeds/more/1.html\"");
    assertThat(ownLink.html()).contains("href=\"https://www.latestly.com/more/1.html\"");
    assertThat(withBase.url()).contains("https://www.latestly.com/x.html");
  }
}
