package io.feedpipe.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words of a text as the stage compares copies: what a copy desk changes without changing the
 * story reads the same.
 *
 * <ul>
 *   <li>a word is a run of letters and digits, lower-cased; a number keeps its decimal point and
 *       loses its thousands separators ({@code 71,800}, {@code 71800}; {@code 1,71,800} too);
 *   <li>currency signs are words: {@code ₹}, {@code Rs} and {@code INR} read {@code rs}; {@code $}
 *       reads {@code usd}, {@code €} {@code eur}, {@code £} {@code gbp};
 *   <li>{@code %} and {@code percent} read {@code per cent};
 *   <li>British and American spellings read alike ({@code -our}/{@code -or}, {@code -tre}/{@code
 *       -ter}, {@code -ise}/{@code -ize}, {@code -yse}/{@code -yze}, {@code -lled}/{@code -led},
 *       {@code -mme}/{@code -m}), in words longer than four letters;
 *   <li>function words that desks add and drop ("said on Monday", "said Monday") are left out.
 * </ul>
 */
final class Tokens {
  private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "on", "of", "in", "at", "to", "and",
      "or", "by", "for", "with", "as", "from", "is", "was", "were", "be", "been", "has", "have", "had", "it", "its",
      "that", "this", "will", "would");

  private Tokens() {}

  static List<String> of(String text) {
    List<String> words = new ArrayList<>(text.length() / 5);
    StringBuilder word = new StringBuilder();
    boolean number = true;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        number &= Character.isDigit(cp);
        word.appendCodePoint(cp);
      } else if ((cp == ',' || cp == '.') && number && !word.isEmpty() && next < text.length()
          && Character.isDigit(text.charAt(next))) {
        if (cp == '.') {
          word.append('.'); // 6.5 stays 6.5; 71,800 becomes 71800
        }
      } else {
        add(words, word);
        number = true;
        if (cp == '%') {
          words.add("per");
          words.add("cent");
        } else if (Character.getType(cp) == Character.CURRENCY_SYMBOL) {
          words.add(switch (cp) {
            case '₹' -> "rs";
            case '$' -> "usd";
            case '€' -> "eur";
            case '£' -> "gbp";
            default -> Character.toString(cp);
          });
        }
      }
      i = next;
    }
    add(words, word);
    return words;
  }

  private static void add(List<String> words, StringBuilder word) {
    if (word.isEmpty()) {
      return;
    }
    String w = word.toString().toLowerCase(Locale.ROOT);
    word.setLength(0);
    switch (w) {
      case "inr" -> words.add("rs");
      case "percent" -> {
        words.add("per");
        words.add("cent");
      }
      default -> {
        if (!FUNCTION_WORDS.contains(w)) {
          words.add(w.length() > 4 ? oneSpelling(w) : w);
        }
      }
    }
  }

  /** One spelling of words that British and American desks spell two ways (applied to every word alike). */
  private static String oneSpelling(String w) {
    String s = w.replace("our", "or").replace("yse", "yze").replace("ise", "ize").replace("lled", "led")
        .replace("lling", "ling");
    if (s.endsWith("tre") || s.endsWith("tres")) {
      s = s.replace("tre", "ter");
    }
    return s.endsWith("mme") ? s.substring(0, s.length() - 2) : s;
  }
}
