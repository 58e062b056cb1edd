package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass keyword search gives each rule the windows a search per keyword gives. */
class KeywordWindowsTest {
  /** Windows compared as {start, end, keyword starts...}. */
  private static final Comparator<int[]> WINDOW = java.util.Arrays::compare;

  @Test
  void equalsASearchPerKeywordOnRandomTexts() {
    Random random = new Random(20261129);
    String alphabet = "abAB rR.\u00e9\u212a";
    for (int n = 0; n < 20_000; n++) {
      List<List<String>> rules = new ArrayList<>();
      for (int r = random.nextInt(4); r >= 0; r--) {
        List<String> keywords = new ArrayList<>();
        for (int k = random.nextInt(4); k > 0; k--) {
          keywords.add(RandomText.of(random, alphabet, random.nextInt(4)));
        }
        rules.add(keywords);
      }
      String text = RandomText.of(random, alphabet, random.nextInt(400));
      List<List<KeywordWindows.Window>> windows = new KeywordWindows(rules.stream().map(k -> new KeywordWindows.Rule(k, false)).toList()).of(text);
      for (int r = 0; r < rules.size(); r++) {
        assertThat(flat(windows.get(r))).as("rule %s of %s in %s", r, rules, text)
            .usingElementComparator(WINDOW)
            .containsExactlyElementsOf(perKeyword(text, rules.get(r)));
      }
    }
  }

  @Test
  void windowsAroundEachKeywordMerged() {
    String text = "x".repeat(100) + "CNN Reported" + "x".repeat(200) + "reports" + "x".repeat(10) + "quoted";
    List<String> reported = List.of("reported", "reports", "quoted");
    List<List<KeywordWindows.Window>> windows = new KeywordWindows(List.of(new KeywordWindows.Rule(reported, false),
        new KeywordWindows.Rule(List.of(), false), new KeywordWindows.Rule(List.of("told"), false),
        new KeywordWindows.Rule(reported, true))).of(text);
    assertThat(flat(windows.get(0))).usingElementComparator(WINDOW)
        .containsExactly(new int[] {24, 192, 104}, new int[] {232, text.length(), 312, 329});
    assertThat(flat(windows.get(1))).usingElementComparator(WINDOW).containsExactly(new int[] {0, text.length()});
    assertThat(windows.get(2)).isEmpty();
    // ending one past the last keyword: "Reported" ends at 112, "quoted" at the end of the text
    assertThat(flat(windows.get(3))).usingElementComparator(WINDOW)
        .containsExactly(new int[] {24, 113, 104}, new int[] {232, text.length(), 312, 329});
  }

  private static List<int[]> flat(List<KeywordWindows.Window> windows) {
    return windows.stream().map(w -> java.util.stream.IntStream.concat(
        java.util.stream.IntStream.of(w.start(), w.end()), java.util.Arrays.stream(w.keywordStarts())).toArray()).toList();
  }

  /** The search it replaced (indexOf per keyword over the text lower-cased A–Z only), and where the keywords start. */
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
        hits.add(new int[] {Math.max(0, i - 80), Math.min(text.length(), i + k.length() + 80), i});
      }
    }
    hits.sort(Comparator.comparingInt(w -> w[0]));
    List<List<Integer>> merged = new ArrayList<>();
    int end = -1;
    for (int[] w : hits) {
      if (!merged.isEmpty() && w[0] <= end) {
        end = Math.max(end, w[1]);
        merged.getLast().set(1, end);
      } else {
        end = w[1];
        merged.add(new ArrayList<>(List.of(w[0], w[1])));
      }
      merged.getLast().add(w[2]);
    }
    return merged.stream().map(w -> {
      int[] out = w.stream().mapToInt(Integer::intValue).toArray();
      java.util.Arrays.sort(out, 2, out.length);
      return java.util.stream.IntStream.concat(java.util.Arrays.stream(out, 0, 2),
          java.util.Arrays.stream(out, 2, out.length).distinct()).toArray();
    }).toList();
  }

}
