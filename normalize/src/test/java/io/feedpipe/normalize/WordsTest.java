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

  /**
   * Words as the class comment defines them, written as a regex: a letter or decimal digit, then
   * letters, digits and combining marks, an apostrophe, dot or hyphen going on only before a
   * letter or digit (char by char, as Character's char methods read; no surrogates here).
   */
  private static final java.util.regex.Pattern WORD =
      java.util.regex.Pattern.compile("[\\p{L}\\p{Nd}](?:[\\p{L}\\p{Nd}\\p{Mn}\\p{Mc}]|['\u2019.\\-](?=[\\p{L}\\p{Nd}]))*");

  @Test
  void countLowerCaseAndHashesReadTheWordsTheDefinitionGives() {
    Random random = new Random(20261206);
    String alphabet = "aAbB19 .'\u2019-\u0301\u0903\u00e9\u00c9,\u0660\u2164";
    for (int n = 0; n < 50_000; n++) {
      String text = RandomText.of(random, alphabet, random.nextInt(40));
      List<String> expected = WORD.matcher(text).results()
          .map(m -> m.group().toLowerCase(java.util.Locale.ROOT)).toList();
      assertThat(Words.lowerCase(text)).as("[%s]", text).isEqualTo(expected);
      assertThat(Words.count(text)).as("[%s]", text).isEqualTo(expected.size());
      int limit = random.nextInt(5);
      assertThat(Words.countUpTo(text, limit)).as("[%s] %s", text, limit).isEqualTo(Math.min(limit, expected.size()));
      // hashes scan the words in a loop of their own: the same words, hashed one by one
      assertThat(Words.hashes(text)).as("[%s]", text)
          .isEqualTo(expected.stream().mapToLong(w -> Words.hashes(w)[0]).toArray());
    }
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
