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

  /** The characters that fold to each folded character, filled at first use. */
  private static final class Classes {
    static final char[][] MEMBERS = members();

    private static char[][] members() {
      int[] count = new int[0x10000];
      for (int c = 0; c < 0x10000; c++) {
        count[of(c)]++;
      }
      char[][] out = new char[0x10000][];
      for (int c = 0; c < 0x10000; c++) {
        out[c] = new char[count[c]];
        count[c] = 0;
      }
      for (int c = 0; c < 0x10000; c++) {
        int f = of(c);
        out[f][count[f]++] = (char) c;
      }
      return out;
    }
  }

  /** Every character that folds to {@code folded} (a folded character folds to itself, so it is among them). */
  static char[] foldingTo(int folded) {
    return folded < 0x10000 ? Classes.MEMBERS[folded] : new char[0];
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
