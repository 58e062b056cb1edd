package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written tests for parentheticals tell what the regexes they replaced told. */
class TrailingParentheticalTest {
  private static final Pattern WHOLLY = Pattern.compile("^\\s*[(\\[].*[)\\]]\\s*$", Pattern.DOTALL);
  private static final Pattern REGEX = Pattern.compile("[(\\[][^()\\[\\]]+[)\\]]\\s*$");
  private static final String ALPHABET = "()[]ab. \t\n\r\u000B\f\u0085\u2028\u2029\u00A0";

  @Test
  void findsWhatTheRegexFinds() {
    Random random = new Random(20261129);
    for (int n = 0; n < 200_000; n++) {
      String text = RandomText.of(random, ALPHABET, random.nextInt(12));
      Matcher m = REGEX.matcher(text);
      int expected = m.find() ? m.start() : -1;
      assertThat(NoticesAndCredits.trailingParenthetical(text)).as("%s", text.chars().mapToObj(Integer::toHexString).toList())
          .isEqualTo(expected);
    }
  }

  @Test
  void whollyParentheticalTellsWhatTheRegexTells() {
    Random random = new Random(20261129);
    int parenthetical = 0;
    for (int n = 0; n < 200_000; n++) {
      String text = RandomText.of(random, ALPHABET, random.nextInt(8));
      boolean expected = WHOLLY.matcher(text).matches() && openerClosesAtEnd(text.replaceAll("^[ \\t\\n\\u000B\\f\\r]+|[ \\t\\n\\u000B\\f\\r]+$", ""));
      assertThat(NoticesAndCredits.isWhollyParenthetical(text)).as("%s", text.chars().mapToObj(Integer::toHexString).toList())
          .isEqualTo(expected);
      parenthetical += expected ? 1 : 0;
    }
    assertThat(parenthetical).as("parentheticals among the texts").isGreaterThan(2_000);
  }

  /**
   * The reference: every proper prefix past the opening bracket holds more openers than closers
   * (round and square brackets counted alike), so that the opening bracket closes at the end.
   */
  private static boolean openerClosesAtEnd(String t) {
    for (int k = 1; k < t.length(); k++) {
      String prefix = t.substring(0, k);
      long opened = prefix.chars().filter(c -> c == '(' || c == '[').count();
      long closed = prefix.chars().filter(c -> c == ')' || c == ']').count();
      if (opened <= closed) {
        return false;
      }
    }
    return true;
  }

  @Test
  void aTextOpeningAndClosingWithTwoParentheticalsIsNotOne() { // #17
    assertThat(NoticesAndCredits.isWhollyParenthetical("(This story is unedited.) Talks went on. (Uncredited)")).isFalse();
    assertThat(NoticesAndCredits.isWhollyParenthetical(" (This story [from PTI] is unedited.) ")).isTrue();
  }

  @Test
  void examples() {
    assertThat(NoticesAndCredits.trailingParenthetical("Talks went on. (This story is unedited.)")).isEqualTo(15);
    assertThat(NoticesAndCredits.trailingParenthetical("Talks went on [ANI] \n")).isEqualTo(14);
    assertThat(NoticesAndCredits.trailingParenthetical("Talks (went) on.")).isEqualTo(-1);
    assertThat(NoticesAndCredits.trailingParenthetical("Talks went on ()")).isEqualTo(-1);
    assertThat(NoticesAndCredits.trailingParenthetical("a (b (c)")).isEqualTo(5);
    assertThat(NoticesAndCredits.trailingParenthetical("a (b) c)")).isEqualTo(-1);
  }
}
