package io.feedpipe.normalize;

import java.util.Set;

/**
 * How likely a literal is to occur at a given place in English news prose, roughly (letter
 * frequencies of English, white space and punctuation as news text has them): the cost model by
 * which a prefilter picks, of the literal sets a pattern guarantees, the one prose is least likely
 * to hold. A guess serves: it only decides how fast a rule runs, never what it matches.
 */
final class Frequency {
  private Frequency() {}

  /** Letters a–z in English text, per letter. */
  private static final double[] LETTERS = {
      .082, .015, .028, .043, .127, .022, .020, .061, .070, .0015, .008, .040, .024,
      .067, .075, .019, .001, .060, .063, .091, .028, .010, .024, .0015, .020, .0007};
  /** Of all characters, the share of letters in lower case, and in upper case. */
  private static final double LOWER = 0.78;
  private static final double UPPER = 0.04;

  /** The chance that a character at a given place is {@code c} (any character folding to it, unless exact). */
  static double of(char c, boolean exact) {
    if (c == ' ') {
      return 0.17; // a run of white space
    }
    if (c >= 'a' && c <= 'z') {
      return LETTERS[c - 'a'] * (exact ? LOWER : LOWER + UPPER);
    }
    if (c >= 'A' && c <= 'Z') {
      return LETTERS[c - 'A'] * UPPER;
    }
    if (c >= '0' && c <= '9') {
      return 0.001;
    }
    return switch (c) {
      case '.', ',' -> 0.02;
      case '-', '\'', '"', '’' -> 0.003;
      default -> c < 0x80 ? 0.001 : 0.0005;
    };
  }

  static double of(Literal l) {
    double p = 1;
    for (int i = 0; i < l.text().length(); i++) {
      p *= of(l.text().charAt(i), l.exact());
    }
    return p;
  }

  /** The chance that one of the literals occurs at a given place. */
  static double of(Set<Literal> literals) {
    double p = 0;
    for (Literal l : literals) {
      p += of(l);
    }
    return Math.min(1, p);
  }
}
