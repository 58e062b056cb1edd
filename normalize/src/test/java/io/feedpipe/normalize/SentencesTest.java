package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SentencesTest {
  @Test
  void splitsAtStopsBeforeACapitalButNotAfterAbbreviationsOrInitials() {
    String text = "Mr. Smith met J. K. Rowling. \"Yes!\" she said. It rained? 2 died... (Fine.) No. 5 went. [Yes.] end";
    assertThat(Sentences.split(text).stream().map(r -> text.substring(r.start(), r.end())).toList())
        .containsExactly("Mr. Smith met J. K. Rowling.", "\"Yes!\" she said.", "It rained?", "2 died...", "(Fine.)", "No. 5 went.", "[Yes.] end");
  }

  @Test
  void equalsScanningEveryCharacterOnRandomTexts() {
    Random random = new Random(20261129);
    String alphabet = "aZ.!?\"”’')]» (1MrsS";
    for (int n = 0; n < 50_000; n++) {
      String text = RandomText.of(random, alphabet, random.nextInt(40));
      assertThat(Sentences.split(text)).as(text).isEqualTo(scanningEveryCharacter(text));
    }
  }

  /** The split as first written: every character looked at in turn. */
  private static List<Sentences.Range> scanningEveryCharacter(String text) {
    List<Sentences.Range> out = new ArrayList<>();
    int start = 0;
    int len = text.length();
    int i = 0;
    while (i < len) {
      char c = text.charAt(i);
      if (c == '.' || c == '!' || c == '?') {
        int end = i + 1;
        while (end < len && ".!?\"”’')]»".indexOf(text.charAt(end)) >= 0) {
          end++;
        }
        if (end < len && text.charAt(end) == ' ' && end + 1 < len && startsSentence(text.charAt(end + 1))
            && !(c == '.' && isAbbreviation(text, i))) {
          out.add(new Sentences.Range(start, end));
          start = end + 1;
          i = start;
          continue;
        }
        i = end;
        continue;
      }
      i++;
    }
    if (start < len) {
      out.add(new Sentences.Range(start, len));
    }
    return out;
  }

  private static boolean startsSentence(char c) {
    return Character.isUpperCase(c) || Character.isDigit(c) || "\"“‘([«'".indexOf(c) >= 0;
  }

  private static boolean isAbbreviation(String text, int dot) {
    int s = dot;
    while (s > 0 && (Character.isLetter(text.charAt(s - 1)) || text.charAt(s - 1) == '.')) {
      s--;
    }
    String word = text.substring(s, dot);
    return (word.length() == 1 && Character.isUpperCase(word.charAt(0)))
        || ABBREVIATIONS.contains(word.toLowerCase(java.util.Locale.ROOT));
  }

  private static final java.util.Set<String> ABBREVIATIONS = java.util.Set.of(
      "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "lt", "col", "sgt", "capt", "cmdr", "gov",
      "sen", "rep", "prof", "rev", "hon", "pres", "supt", "insp", "no", "nos", "vs", "v", "etc",
      "inc", "ltd", "co", "corp", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
      "sept", "oct", "nov", "dec", "mt", "ft", "approx", "dept", "est", "fig", "vol", "u.s", "u.k",
      "u.n", "e.g", "i.e", "a.m", "p.m", "smt", "shri", "adv", "maj", "brig", "adm");
}
