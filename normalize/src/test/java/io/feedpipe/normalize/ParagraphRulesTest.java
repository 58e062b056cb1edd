package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Trying the paragraph rules together first picks the rule that trying them one by one picks. */
class ParagraphRulesTest {
  private static final List<String> PIECES = List.of(
      "Advertisement", "ADVERTISEMENT", "ad", "Sponsored content", "Story continues below advertisement", "Follow us on",
      "Join our", "WhatsApp channel", "Twitter", "share", "Tweet", "Share this story", "on Facebook", "Email", "Print",
      "Sign up", "Subscribe to our newsletter", "for the", "alerts", "Download the", "app", "Catch all the", "news",
      "The post", "appeared first on", "Site", "Talks went on in Geneva", "the", "a", " ", " ", " ", ".", ",", "—", "|",
      ":", "(", ")", "é", "1");

  @Test
  void theDefaultRulesAreTriedTogetherAndPickWhatTryingEachPicks() {
    ParagraphRules rules = NormalizeRules.defaults().compiled().furniture().rules();
    assertThat(rules.combined()).isTrue();
    Random random = new Random(20261129);
    var matchers = rules.newMatchers();
    int removed = 0;
    for (int n = 0; n < 30_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int k = 1 + random.nextInt(random.nextBoolean() ? 4 : 30); k > 0; k--) {
        text.append(PIECES.get(random.nextInt(PIECES.size())));
        if (random.nextInt(3) > 0) {
          text.append(' ');
        }
      }
      String t = text.toString().strip();
      Optional<ParagraphRule> expected = oneByOne(rules.list(), t);
      assertThat(rules.firstRemoving(t, matchers)).as(t).isEqualTo(expected);
      removed += expected.isPresent() ? 1 : 0;
    }
    assertThat(removed).as("texts some rule removes").isGreaterThan(1_000);
  }

  @Test
  void rulesThatCannotBeCombinedAreTriedOneByOne() {
    ParagraphRule backReference = new ParagraphRule("twice", "ad", Pattern.compile("(\\w+) \\1", Pattern.CASE_INSENSITIVE), 5);
    ParagraphRule named = new ParagraphRule("named", "ad", Pattern.compile("(?<w>ads?)", Pattern.CASE_INSENSITIVE), 5);
    ParagraphRule sameName = new ParagraphRule("same-name", "ad", Pattern.compile("(?<w>promo)", Pattern.CASE_INSENSITIVE), 5);
    ParagraphRule otherFlags = new ParagraphRule("other-flags", "ad", Pattern.compile("promo"), 5);
    for (List<ParagraphRule> list : List.of(List.of(named, backReference), List.of(named, sameName), List.of(named, otherFlags))) {
      ParagraphRules rules = new ParagraphRules(list);
      assertThat(rules.combined()).as("%s", list).isFalse();
      for (String t : List.of("ad ad", "ads", "promo", "Promo", "go go", "prose of many words")) {
        assertThat(rules.firstRemoving(t, rules.newMatchers())).as(t).isEqualTo(oneByOne(list, t));
      }
    }
    assertThat(new ParagraphRules(List.of(named, backReference)).firstRemoving("go go", new ParagraphRules(List.of(named, backReference)).newMatchers()))
        .contains(backReference);
  }

  private static Optional<ParagraphRule> oneByOne(List<ParagraphRule> rules, String text) {
    return rules.stream()
        .filter(r -> r.pattern().matcher(text).matches() && Words.count(text) <= r.maxWords())
        .findFirst();
  }
}
