package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.feedpipe.model.Story;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Jazzer fuzz target on the HTML path: the input bytes are an item's body. Under {@code ./mvnw verify} it runs in regression mode: once
 * per input in {@code src/test/resources/io/feedpipe/normalize/NormalizerFuzzTestInputs/htmlBody/}
 * (the seed story, case bodies, and every crash found so far). To fuzz for new inputs (needs the
 * Jazzer agent, Linux or macOS):
 *
 * <pre>JAZZER_FUZZ=1 ./mvnw -pl normalize -am test -Dtest=NormalizerFuzzTest -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * Findings land in that inputs directory and run from then on as regression cases.
 */
class NormalizerFuzzTest {
  private static final Normalizer NORMALIZER = Normalizer.withDefaultRules();
  private static final Pattern TAG = Pattern.compile("<\\s*/?\\s*[a-zA-Z!][^<>]*>");

  @FuzzTest(maxDuration = "60s")
  void htmlBody(byte[] input) {
    // the input is the body as UTF-8 (malformed bytes become U+FFFD), so the inputs directory holds readable HTML
    String body = new String(input, StandardCharsets.UTF_8);

    Story story = NORMALIZER.normalize(Items.item("https://www.latestly.com/agency-news/a.html?utm_source=x",
        "SCO Summit 2022: Russia Claims China’s Support", body));

    // total: no stage gave up (the degraded path records an "error" removal)
    assertThat(story.removed()).noneMatch(r -> r.kind().equals("error"));
    for (String paragraph : story.text().split("\n\n")) {
      assertThat(paragraph).doesNotContainPattern(TAG).doesNotContain("\n");
    }
    assertThat(story.html()).doesNotContain("<script", "<style", "<iframe", "javascript:");
    assertThat(story.wordCount()).isEqualTo(Words.count(story.text()));
    // idempotent: what was published reads the same when normalized again
    Story again = NORMALIZER.normalize(Items.item(story.url().orElse(CaseFile.DEFAULT_LINK), story.title(), story.html()));
    assertThat(again.text()).isEqualTo(story.text());
    assertThat(again.html()).isEqualTo(story.html());
    Story fromText = NORMALIZER.normalize(Items.item(story.url().orElse(CaseFile.DEFAULT_LINK), story.title(), story.text()));
    assertThat(fromText.text()).isEqualTo(story.text());
  }
}
