package io.feedpipe.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.testkit.Gen;
import io.feedpipe.testkit.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Tokens#hashes}, the stage's fast path, reads every text as {@link Tokens#of} does (#25):
 * the same words, hashed, and the same numbers. Fixed seed; {@code -Dfeedpipe.seed=random} looks for
 * more.
 */
class TokensTest {
  private static final long SEED = 20261207L;
  private static final int TRIES = 2000;

  /** What copy desks write, and what the rules treat specially: function words, spellings, figures, signs, other scripts. */
  private static final List<String> PIECES = List.of(
      "The", "the", "OF", "on", "said", "Monday", "would", "wouldn't", "Would", "a", "An", "its", "it's",
      "organised", "organized", "programme", "program", "favour", "FAVOUR", "centre", "centres", "theatre",
      "analyse", "travelled", "travelling", "tourre", "ourself", "four", "hours", "rise", "raise", "Mme", "mmes",
      "INR", "inr", "Inr", "percent", "Percent", "PERCENT", "per cent", "%", "₹", "$", "€", "£", "¥", "Rs",
      "71,800", "1,71,800", "4.5", "6.5.", "10", "0", "2026", "3,", ",5", "1.", ".5", "12th", "4x4",
      "café", "CAFÉ", "İstanbul", "ΣΟΦΟΣ", "straße", "STRASSE", "ﬁnance", "नई दिल्ली", "१२३", "日本語", "🙂",
      "\u0301", "\u200b", "\u00ad", "’", "“", "”", "—", "-", " ", "  ", "\n", "\n\n", ".", ",", ":", "(", ")", "'");

  static final Gen<String> TEXTS = Gen.joined(Gen.frequency(
      8, Gen.oneOf(PIECES),
      2, Gen.strings(10),
      1, Gen.strings("aouryseilmtrINR0123456789,.% ", 10)), 60);

  @Test
  void hashesReadEveryTextAsTheWordsDo() {
    Property.forAll(SEED, TRIES, TEXTS, text -> {
      List<String> words = Tokens.of(text);
      Tokens.Words hashed = Tokens.hashes(text);
      assertThat(hashed.size()).as("words of %s", words).isEqualTo(words.size());
      for (int i = 0; i < words.size(); i++) {
        assertThat(hashed.hash(i)).as("word %d (%s) of %s", i, words.get(i), words).isEqualTo(Tokens.hash(words.get(i)));
        assertThat(hashed.number(i)).as("word %d (%s) a number", i, words.get(i))
            .isEqualTo(Character.isDigit(words.get(i).charAt(0)));
      }
    });
  }

  @Test
  void hashesOfTheRulesExamples() {
    String text = "INR 10 percent, ₹71,800 on Monday; organised the programme in İstanbul's centre: 4.5%";
    Tokens.Words hashed = Tokens.hashes(text);
    assertThat(java.util.stream.IntStream.range(0, hashed.size()).mapToLong(hashed::hash).toArray())
        .containsExactly(Tokens.of(text).stream().mapToLong(Tokens::hash).toArray());
  }
}
