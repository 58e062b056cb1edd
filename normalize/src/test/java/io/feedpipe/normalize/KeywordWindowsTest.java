package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass keyword search gives each rule the windows a search per keyword gives. */
class KeywordWindowsTest {
  private static final Comparator<int[]> WINDOW = Comparator.comparing((int[] w) -> w[0]).thenComparing(w -> w[1]);

  @Test
  void equalsASearchPerKeywordOnRandomTexts() {
    Random random = new Random(20261129);
    String alphabet = "abAB rR.\u00e9\u212a";
    for (int n = 0; n < 20_000; n++) {
      List<List<String>> rules = new ArrayList<>();
      for (int r = random.nextInt(4); r >= 0; r--) {
        List<String> keywords = new ArrayList<>();
        for (int k = random.nextInt(4); k > 0; k--) {
          keywords.add(randomText(random, alphabet, random.nextInt(4)));
        }
        rules.add(keywords);
      }
      String text = randomText(random, alphabet, random.nextInt(400));
      List<List<int[]>> windows = new KeywordWindows(rules.stream().map(k -> new KeywordWindows.Rule(k, false)).toList()).of(text);
      for (int r = 0; r < rules.size(); r++) {
        assertThat(windows.get(r)).as("rule %s of %s in %s", r, rules, text)
            .usingElementComparator(WINDOW)
            .containsExactlyElementsOf(perKeyword(text, rules.get(r)));
      }
    }
  }

  @Test
  void windowsAroundEachKeywordMerged() {
    String text = "x".repeat(100) + "CNN Reported" + "x".repeat(200) + "reports" + "x".repeat(10) + "quoted";
    List<String> reported = List.of("reported", "reports", "quoted");
    List<List<int[]>> windows = new KeywordWindows(List.of(new KeywordWindows.Rule(reported, false),
        new KeywordWindows.Rule(List.of(), false), new KeywordWindows.Rule(List.of("told"), false),
        new KeywordWindows.Rule(reported, true))).of(text);
    assertThat(windows.get(0)).usingElementComparator(WINDOW).containsExactly(new int[] {24, 192}, new int[] {232, text.length()});
    assertThat(windows.get(1)).usingElementComparator(WINDOW).containsExactly(new int[] {0, text.length()});
    assertThat(windows.get(2)).isEmpty();
    // ending one past the last keyword: "Reported" ends at 112, "quoted" at the end of the text
    assertThat(windows.get(3)).usingElementComparator(WINDOW).containsExactly(new int[] {24, 113}, new int[] {232, text.length()});
  }

  /** The search it replaced: indexOf per keyword over the text lower-cased A–Z only. */
  private static List<int[]> perKeyword(String text, List<String> keywords) {
    if (keywords.isEmpty()) {
      return List.of(new int[] {0, text.length()});
    }
    String lower = KeywordWindows.asciiLowerCase(text);
    List<int[]> hits = new ArrayList<>();
    for (String k : keywords) {
      String key = KeywordWindows.asciiLowerCase(k);
      // (an empty key occurs at every position up to the length; indexOf would repeat the last forever)
      for (int i = lower.indexOf(key); i >= 0; i = key.isEmpty() && i == lower.length() ? -1 : lower.indexOf(key, i + 1)) {
        hits.add(new int[] {Math.max(0, i - 80), Math.min(text.length(), i + k.length() + 80)});
      }
    }
    hits.sort(Comparator.comparingInt(w -> w[0]));
    List<int[]> merged = new ArrayList<>();
    for (int[] w : hits) {
      if (!merged.isEmpty() && w[0] <= merged.getLast()[1]) {
        merged.getLast()[1] = Math.max(merged.getLast()[1], w[1]);
      } else {
        merged.add(w);
      }
    }
    return merged;
  }

  private static String randomText(Random random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
