package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WordsTest {
  @Test
  void sameLowerCaseWordsEqualsComparingTheLowerCasedWordLists() {
    Random random = new Random(20261129);
    // letters in both cases, joiners, a combining mark, digits, separators; no capital dotted I,
    // capital sigma or surrogate (where lower-casing a word differs from lower-casing its characters)
    String alphabet = "aAbB1 .'’-\u0301é É,";
    int same = 0;
    for (int n = 0; n < 50_000; n++) {
      String a = RandomText.of(random, alphabet, random.nextInt(12));
      String b = random.nextInt(3) == 0 ? a.toUpperCase(java.util.Locale.ROOT) + RandomText.of(random, alphabet, random.nextInt(3))
          : RandomText.of(random, alphabet, random.nextInt(12));
      List<String> wordsA = Words.lowerCase(a);
      List<String> wordsB = Words.lowerCase(b);
      assertThat(Words.sameLowerCaseWords(a, b, Integer.MAX_VALUE)).as("[%s] [%s]", a, b).isEqualTo(wordsA.equals(wordsB));
      int limit = random.nextInt(4);
      boolean prefixes = wordsA.size() >= limit && wordsB.size() >= limit
          && wordsA.subList(0, limit).equals(wordsB.subList(0, limit));
      assertThat(Words.sameLowerCaseWords(a, b, limit)).as("[%s] [%s] %s", a, b, limit).isEqualTo(prefixes);
      same += wordsA.equals(wordsB) ? 1 : 0;
    }
    assertThat(same).as("pairs with the same words").isGreaterThan(5_000);
  }

  @Test
  void anOpeningIsTheFirstWordsHashesAndEndsWhereTheLastOfThemEnds() {
    Random random = new Random(20261129);
    // long words and joiners, so that openings end inside, at and past the part copied first
    String alphabet = "aaaaaaaaaaAbB1 .'’-\u0301é,";
    for (int n = 0; n < 50_000; n++) {
      String text = RandomText.of(random, alphabet, random.nextInt(120));
      int limit = 1 + random.nextInt(4);
      long[] all = Words.hashes(text);
      Words.Opening opening = Words.opening(text, limit);
      long[] first = java.util.Arrays.copyOf(all, Math.min(limit, all.length));
      assertThat(opening.hashes()).as("[%s] %s", text, limit).isEqualTo(first);
      // the text up to the end holds exactly those words, the last of them whole
      assertThat(Words.hashes(text.substring(0, opening.end()))).as("[%s] %s", text, limit).isEqualTo(first);
      assertThat(opening.end() == 0 || Words.count(text.substring(opening.end() - 1, opening.end())) == 1
          || Character.getType(text.charAt(opening.end() - 1)) == Character.NON_SPACING_MARK)
          .as("[%s] %s ends after a word's last character", text, limit).isTrue();
    }
  }

}
