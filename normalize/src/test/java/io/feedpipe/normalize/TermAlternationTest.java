package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A term of plain-text alternatives opens with a look-ahead for their first characters and groups
 * them by first character; neither changes a match.
 */
class TermAlternationTest {
  private static final List<String> AGENCIES = List.of("AP", "APP", "PTI", "ANI", "IANS", "Reuters", "dpa", "DPA",
      "Kyodo", "Press Trust of India", "Agence France-Presse", "Élysée", "kelvin", "ß-wire", "A", "Spa", "ſP", "S", "KUNA");
  private static final int[] FLAGS = {0, Pattern.CASE_INSENSITIVE, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE};

  @Test
  void plainTextAlternativesGetTheLookAheadAndRegexAlternativesDoNot() {
    assertThat(RuleSpec.alternation(List.of("AP", "APP", "Reuters"))).isEqualTo("(?:(?=[AR])(?:A(?:P|PP)|Reuters))");
    assertThat(RuleSpec.alternation(List.of("Press Trust of India", "Agence France-Presse", "Xinhua's")))
        .isEqualTo("(?:(?=[PAX])(?:Press Trust of India|Agence France-Presse|Xinhua's))");
    // first characters folding alike but differing are written whole, in their order; one that is
    // the whole alternative leaves an empty one
    assertThat(RuleSpec.alternation(List.of("dpa", "AP", "DPA", "A", "Kyodo", "\u212a-wire")))
        .isEqualTo("(?:(?=[dADK\u212a])(?:dpa|DPA|A(?:P|)|Kyodo|\u212a-wire))");
    assertThat(RuleSpec.alternation(List.of("AP", "U\\.S\\."))).isEqualTo("(?:AP|U\\.S\\.)");
    assertThat(RuleSpec.alternation(List.of("January|February"))).isEqualTo("(?:January|February)");
    assertThat(RuleSpec.alternation(List.of(" AP"))).isEqualTo("(?: AP)");
    assertThat(RuleSpec.alternation(List.of())).isEqualTo("(?:)");
  }

  @Test
  void findsWhatTheBareAlternationFindsOnRandomTexts() {
    Random random = new Random(20261129);
    // the agencies' letters in both cases, letters that fold to them (Kelvin sign, long s, dotless i),
    // separators and a letter outside the BMP
    String alphabet = "APTINSRUEKYOpatinsruekyo \u212a\u017f\u0131\u00c9\u00e9\u00df-.'" + "\ud835\udc00";
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int k = random.nextInt(12); k > 0; k--) {
        if (random.nextInt(3) == 0) {
          text.append(AGENCIES.get(random.nextInt(AGENCIES.size())));
        } else {
          for (int c = random.nextInt(4); c > 0; c--) {
            text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
          }
        }
      }
      if (random.nextInt(4) == 0) {
        text.append(" wire");
      }
      int flags = FLAGS[random.nextInt(FLAGS.length)];
      // alone, and followed by what makes the search go back into the alternatives
      for (String after : List.of("", "(?:[PS]|\\s+wire)")) {
        Pattern bare = Pattern.compile("(?:" + String.join("|", AGENCIES) + ")" + after, flags);
        Pattern guarded = Pattern.compile(RuleSpec.alternation(AGENCIES) + after, flags);
        assertThat(matches(guarded, text)).as("flags %s in %s", flags, text).isEqualTo(matches(bare, text));
      }
    }
  }

  private static List<String> matches(Pattern p, CharSequence text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.start() + ":" + m.group());
    }
    return out;
  }
}
