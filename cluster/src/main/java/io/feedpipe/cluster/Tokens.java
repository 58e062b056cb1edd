package io.feedpipe.cluster;

import java.util.ArrayList;
import java.util.Arrays;
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

  private static final int MAX_FUNCTION_WORD = FUNCTION_WORDS.stream().mapToInt(String::length).max().orElse(0);
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  /** The function words' hashes, ascending, and the words in the same order: a word is looked up without a string. */
  private static final long[] FUNCTION_WORD_HASHES;
  private static final String[] FUNCTION_WORDS_BY_HASH;

  static {
    List<String> byHash = new ArrayList<>(FUNCTION_WORDS);
    byHash.sort((x, y) -> Long.compare(hash(x), hash(y)));
    FUNCTION_WORDS_BY_HASH = byHash.toArray(String[]::new);
    FUNCTION_WORD_HASHES = byHash.stream().mapToLong(Tokens::hash).toArray();
    if (Arrays.stream(FUNCTION_WORD_HASHES).distinct().count() != FUNCTION_WORD_HASHES.length) {
      throw new IllegalStateException("two function words share a hash; look them up by string");
    }
  }
  private static final long PER = hash("per");
  private static final long CENT = hash("cent");
  private static final long RS = hash("rs");

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

  /**
   * The words of {@code text} as {@link #of} reads them, each as its 64-bit {@linkplain #hash hash},
   * without a string per word: a word of ASCII letters and digits (nearly all) is lower-cased, checked
   * and hashed in a buffer; any other word takes {@link #of}'s path. {@code TokensTest} holds the two
   * equal on generated texts.
   */
  static Words hashes(String text) {
    Words out = new Words(text.length() / 5 + 4);
    char[] word = new char[32];
    int length = 0;
    boolean ascii = true;
    boolean number = true;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (cp < 128 ? isAsciiLetterOrDigit(cp) : Character.isLetterOrDigit(cp)) {
        number &= Character.isDigit(cp);
        ascii &= cp < 128;
        if (length + 2 > word.length) {
          word = Arrays.copyOf(word, word.length * 2);
        }
        length += Character.toChars(cp, word, length);
      } else if ((cp == ',' || cp == '.') && number && length > 0 && next < text.length()
          && Character.isDigit(text.charAt(next))) {
        if (cp == '.') {
          if (length + 1 > word.length) {
            word = Arrays.copyOf(word, word.length * 2);
          }
          word[length++] = '.';
        }
      } else {
        add(out, word, length, ascii);
        length = 0;
        ascii = true;
        number = true;
        if (cp == '%') {
          out.add(PER, false);
          out.add(CENT, false);
        } else if (Character.getType(cp) == Character.CURRENCY_SYMBOL) {
          String sign = switch (cp) {
            case '₹' -> "rs";
            case '$' -> "usd";
            case '€' -> "eur";
            case '£' -> "gbp";
            default -> Character.toString(cp);
          };
          out.add(hash(sign), false);
        }
      }
      i = next;
    }
    add(out, word, length, ascii);
    return out;
  }

  /** A text's words as hashes, and whether each starts with a digit (a number). */
  static final class Words {
    private long[] hashes;
    private boolean[] numbers;
    private int size;

    Words(int capacity) {
      hashes = new long[capacity];
      numbers = new boolean[capacity];
    }

    int size() {
      return size;
    }

    long hash(int i) {
      return hashes[i];
    }

    boolean number(int i) {
      return numbers[i];
    }

    void add(long hash, boolean number) {
      if (size == hashes.length) {
        hashes = Arrays.copyOf(hashes, size * 2 + 1);
        numbers = Arrays.copyOf(numbers, size * 2 + 1);
      }
      hashes[size] = hash;
      numbers[size++] = number;
    }
  }

  private static void add(Words out, char[] word, int length, boolean ascii) {
    if (length == 0) {
      return;
    }
    if (!ascii) { // of()'s path, for words whose lower case is not a char-by-char matter
      List<String> words = new ArrayList<>(2);
      add(words, new StringBuilder(length).append(word, 0, length));
      for (String w : words) {
        out.add(hash(w), Character.isDigit(w.charAt(0)));
      }
      return;
    }
    for (int i = 0; i < length; i++) {
      char c = word[i];
      if (c >= 'A' && c <= 'Z') {
        word[i] = (char) (c + ('a' - 'A'));
      }
    }
    if (equals(word, length, "inr")) {
      out.add(RS, false);
    } else if (equals(word, length, "percent")) {
      out.add(PER, false);
      out.add(CENT, false);
    } else {
      long h = hash(word, length);
      if (length <= MAX_FUNCTION_WORD && isFunctionWord(word, length, h)) {
        return;
      }
      if (length > 4 && mayRespell(word, length)) {
        String w = oneSpelling(new String(word, 0, length));
        out.add(hash(w), Character.isDigit(w.charAt(0)));
      } else {
        out.add(h, word[0] >= '0' && word[0] <= '9');
      }
    }
  }

  /** Whether the lower-cased word (whose hash is {@code hash}) is one of {@link #FUNCTION_WORDS}. */
  private static boolean isFunctionWord(char[] word, int length, long hash) {
    int at = Arrays.binarySearch(FUNCTION_WORD_HASHES, hash);
    return at >= 0 && equals(word, length, FUNCTION_WORDS_BY_HASH[at]);
  }

  /** Whether {@link #oneSpelling} may change the word: it holds one of the parts that rule rewrites. */
  private static boolean mayRespell(char[] w, int length) {
    for (int i = 0; i + 2 < length; i++) {
      char a = w[i];
      char b = w[i + 1];
      char c = w[i + 2];
      if (a == 'o' && b == 'u' && c == 'r' || b == 's' && c == 'e' && (a == 'y' || a == 'i')
          || a == 'l' && b == 'l' || a == 't' && b == 'r' && c == 'e' || a == 'm' && b == 'm' && c == 'e') {
        return true;
      }
    }
    return false;
  }

  private static boolean equals(char[] w, int length, String s) {
    if (length != s.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (w[i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetterOrDigit(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  /** A word's 64-bit hash (FNV-1a over its UTF-16 chars). */
  static long hash(String word) {
    long h = FNV_OFFSET;
    for (int c = 0; c < word.length(); c++) {
      h = (h ^ word.charAt(c)) * FNV_PRIME;
    }
    return h;
  }

  private static long hash(char[] word, int length) {
    long h = FNV_OFFSET;
    for (int c = 0; c < length; c++) {
      h = (h ^ word[c]) * FNV_PRIME;
    }
    return h;
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
