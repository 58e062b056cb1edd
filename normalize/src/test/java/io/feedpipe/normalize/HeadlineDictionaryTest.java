package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.feedpipe.model.RawItem;
import io.feedpipe.model.Story;
import org.junit.jupiter.api.Test;

/** #17: the feed's headlines, the evidence for cutting an unlinked related headline. */
class HeadlineDictionaryTest {
  @Test
  void aLineMatchesATitleByItsWordsWhateverItsCaseAndPunctuation() {
    HeadlineDictionary d = HeadlineDictionary.of(List.of("Monsoon Arrives in Kerala, Two Days Early"));

    assertThat(d.contains("monsoon arrives in KERALA two days early.", "A Story")).isTrue();
    assertThat(d.contains("Monsoon Arrives in Kerala", "A Story")).isFalse();
    assertThat(d.contains("Monsoon’s Arrival in Kerala Two Days Early", "A Story")).isFalse();
  }

  @Test
  void theStorysOwnTitleIsNoEvidence() {
    HeadlineDictionary d = HeadlineDictionary.of(List.of("Sensex Ends Higher", "Monsoon Arrives in Kerala"));

    assertThat(d.contains("Monsoon Arrives in Kerala.", "Monsoon arrives in Kerala")).isFalse();
    assertThat(d.contains("Sensex Ends Higher.", "Monsoon arrives in Kerala")).isTrue();
  }

  @Test
  void blankNullAndOverLongTitlesAreSkippedAndTheDictionaryIsBounded() {
    List<String> titles = new ArrayList<>(Arrays.asList("", "  ", null, "x".repeat(HeadlineDictionary.MAX_HEADLINE_CHARS + 1)));
    for (int i = 0; i < HeadlineDictionary.MAX_HEADLINES + 10; i++) {
      titles.add("Story number " + i);
    }

    HeadlineDictionary d = HeadlineDictionary.of(titles);

    assertThat(d.size()).isEqualTo(HeadlineDictionary.MAX_HEADLINES);
    assertThat(HeadlineDictionary.empty().contains("Story number 1", "")).isFalse();
    assertThatThrownBy(() -> HeadlineDictionary.of(null)).isInstanceOf(NullPointerException.class).hasMessage("titles");
    assertThatThrownBy(() -> Normalizer.withDefaultRules().normalize(Items.withBody("x"), null))
        .isInstanceOf(NullPointerException.class).hasMessage("headlines");
  }

  @Test
  void aPollsItemsAreNormalizedKnowingEachOthersTitles() {
    RawItem farmers = Items.item("https://www.latestly.com/a", "Early Rain Welcomed",
        "<p>Farmers in the south welcomed the early rain. Monsoon Arrives in Kerala Two Days Early.</p>"
            + "<p>Sowing is expected to start next week.</p>");
    RawItem monsoon = Items.item("https://www.latestly.com/b", "Monsoon Arrives in Kerala Two Days Early",
        "<p>The monsoon reached the coast on Thursday, two days before its usual date.</p>");
    Normalizer normalizer = Normalizer.withDefaultRules();

    List<Story> poll = normalizer.normalizePoll(List.of(farmers, monsoon));

    assertThat(poll).extracting(Story::title).containsExactly("Early Rain Welcomed", "Monsoon Arrives in Kerala Two Days Early");
    assertThat(poll.getFirst().text()).doesNotContain("Monsoon Arrives"); // the other item's title is the evidence
    assertThat(normalizer.normalize(farmers).text()).contains("Monsoon Arrives"); // alone it is kept
  }
}
