package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Trying a pattern only where its keywords start finds what a search of the whole text finds. */
class KeywordStartSearchTest {
  private static final List<String> AGENCIES = List.of("AP", "APP", "AAP", "PTI", "ANI", "IANS", "Reuters", "dpa", "DPA",
      "Press Trust of India", "Agence France-Presse", "Élysée");

  @Test
  void theAgencyPatternFindsWhatASearchFinds() {
    Pattern agency = Pattern.compile("(?<![\\p{L}\\p{N}])" + RuleSpec.alternation(AGENCIES) + "(?![\\p{L}\\p{N}])");
    assertEqualToSearch(agency, AGENCIES, "apPTIrRéÉ \u212a(-/1x");
  }

  @Test
  void lookBehindsAnchorsAndOverlappingKeywordsSeeTheWholeText() {
    // ^ only at the start of the text, a look-behind reaching before the keyword, keywords inside a match
    Pattern p = Pattern.compile("^ab|(?<=x)ab|abab|ba(?:b)?", Pattern.CASE_INSENSITIVE);
    assertEqualToSearch(p, List.of("ab", "abab", "ba"), "abxAB ");
  }

  private static void assertEqualToSearch(Pattern p, List<String> keywords, String alphabet) {
    KeywordStartSearch search = new KeywordStartSearch(p, keywords);
    Random random = new Random(20261129);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int k = random.nextInt(16); k > 0; k--) {
        if (random.nextBoolean()) {
          text.append(keywords.get(random.nextInt(keywords.size())));
        } else {
          text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      assertThat(search.findAll(text.toString())).as(text.toString()).isEqualTo(searched(p, text.toString()));
    }
  }

  private static List<String> searched(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
