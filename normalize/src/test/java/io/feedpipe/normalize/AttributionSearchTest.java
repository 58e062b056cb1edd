package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.Story;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Attribution rules with {@code matchStartsWithKeyword} are tried only where a keyword starts, with
 * {@code matchStartsWithCapital} only at capitals opening a word; they find what searching their
 * whole windows finds.
 */
class AttributionSearchTest {
  private static final List<String> PIECES = List.of(
      "reported by", "Reported by", "first reported by", "cited by", "quoted by", "aired by", "according to",
      "According to", "as per", "citing", "quoting", "told", "telling", "tells", "speaking to", "said to",
      "in an interview with", "CNN", "the BBC", "The Washington Post", "Reuters", "Press Trust of India", "AP",
      "X", "He", "un", "mis", "cited", "by", " ", " ", " ", ". ", ", ", "\u0301", "e\u0301", "\u0915\u093f", "\u0915\u094d", "é", "'s",
      "a report by", "reports from", "reported", "reports", "quoted", "has", "first", "The", "BBC", "Sky News",
      "\ud835\udc00", "\ud835\udc1a", "\ud835\udc00Reuters reported", "\ud835\udc1aCNN quoted", "Ü", "ü", "Élysée", "x", "1", "_", "-", "McDonald's");

  @Test
  void rulesStartingWithAKeywordFindWhatASearchOfTheWindowsFinds() throws IOException {
    compareWithSearching("matchStartsWithKeyword: true");
  }

  @Test
  void rulesStartingWithACapitalFindWhatASearchOfTheWindowsFinds() throws IOException {
    compareWithSearching("matchStartsWithCapital: true");
  }

  private static void compareWithSearching(String flag) throws IOException {
    String defaults;
    try (InputStream in = NormalizeRules.class.getResourceAsStream(NormalizeRules.DEFAULT_RESOURCE)) {
      defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(defaults).contains(flag);
    Normalizer atKeywords = Normalizer.withDefaultRules();
    Normalizer searching = Normalizer.withRules(
        NormalizeRules.parse(defaults.replace(flag, flag.replace("true", "false")), "windows searched"));
    Random random = new Random(20261129);
    int attributions = 0;
    for (int n = 0; n < 5_000; n++) {
      StringBuilder text = new StringBuilder("Talks went on. ");
      for (int k = random.nextInt(40); k > 0; k--) {
        text.append(PIECES.get(random.nextInt(PIECES.size())));
        if (random.nextInt(8) == 0) {
          text.append("x".repeat(random.nextInt(120))); // pushes keywords in and out of each other's windows
        }
      }
      Story expected = searching.normalize(Items.withBody(text.toString()));
      Story actual = atKeywords.normalize(Items.withBody(text.toString()));
      assertThat(actual.provenance().attributions()).as(text.toString()).isEqualTo(expected.provenance().attributions());
      attributions += expected.provenance().attributions().size();
    }
    assertThat(attributions).as("attributions found in all texts").isGreaterThan(400);
  }
}
