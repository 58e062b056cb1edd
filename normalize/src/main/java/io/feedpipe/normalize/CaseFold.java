package io.feedpipe.normalize;

/**
 * Characters as case-insensitive matching compares them: the lower case of the upper case, what a
 * pattern compiled with {@code CASE_INSENSITIVE | UNICODE_CASE} compares (the widest folding of
 * any flags: "ſ" counts as "s", the Kelvin sign as "k").
 */
final class CaseFold {
  private CaseFold() {}

  /** The character as case-insensitive, Unicode-case matching compares it. */
  static int of(int c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  /**
   * The characters that fold to each folded character, made at first use: all of them sorted by
   * what they fold to ({@code MEMBERS}), and where each folded character's run starts ({@code
   * START}, one past the last for the end).
   */
  private static final class Classes {
    static final char[] MEMBERS = new char[0x10000];
    static final int[] START = new int[0x10001];

    static {
      char[] fold = new char[0x10000];
      int[] count = new int[0x10000];
      for (int c = 0; c < 0x10000; c++) {
        fold[c] = (char) of(c);
        count[fold[c]]++;
      }
      for (int f = 0; f < 0x10000; f++) {
        START[f + 1] = START[f] + count[f];
      }
      int[] next = java.util.Arrays.copyOf(START, 0x10000);
      for (int c = 0; c < 0x10000; c++) {
        MEMBERS[next[fold[c]]++] = (char) c;
      }
    }
  }

  /** Every character that folds to {@code folded} (a folded character folds to itself, so it is among them). */
  static char[] foldingTo(int folded) {
    return folded < 0x10000 ? java.util.Arrays.copyOfRange(Classes.MEMBERS, Classes.START[folded], Classes.START[folded + 1]) : new char[0];
  }

  /** Each character {@linkplain #of folded}; the offsets stay those of {@code s}. */
  static String fold(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      char ch = c[i];
      c[i] = ch < 0x80 ? (ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch) : (char) of(ch);
    }
    return new String(c);
  }
}
