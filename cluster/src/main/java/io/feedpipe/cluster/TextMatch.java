package io.feedpipe.cluster;

import java.util.Arrays;

/**
 * Whether two texts are copies of one story, judged on their {@linkplain Shingles shingles and
 * numbers}: the verdict that lets a story join a cluster. With {@code S} the shorter text's distinct
 * shingles and {@code L} the longer's, two texts are one story when they share at least {@value
 * #MIN_SHARED} shingles, state the same figures (below), and either
 *
 * <ul>
 *   <li><b>whole copies</b>: most of each is the other — {@code |S ∩ L| / |S| ≥} {@value
 *       #MIN_CONTAINMENT} and {@code |S ∩ L| / |L| ≥} {@value #MIN_COVERAGE} — so a copy with
 *       another notice, credit, dateline, byline, a paragraph dropped or a few words edited still
 *       counts; or
 *   <li><b>a copy cut short</b>: {@code S} is at most {@value #MAX_CUT_SHARE} of {@code L}, begins as
 *       {@code L} does (at most {@value #MAX_LEAD} of its first shingles, a byline's worth, are not
 *       in {@code L}), and {@code L}'s opening (its first {@code |S|} shingles, a tenth more and
 *       {@value #OPENING_SLACK}) holds at least {@value #MIN_OPENING_CONTAINMENT} of {@code S} and is
 *       at least {@value #MIN_OPENING_COVERAGE} made of it — as for a feed that carries only the
 *       first paragraphs, perhaps of a copy that an editor also trimmed.
 * </ul>
 *
 * <p>Same figures: of the shorter's numbers that the longer also states after the same word (its
 * "Rs", "received", "May"), at least {@value #MIN_NUMBERS} must be the same numbers there. A number
 * one copy leaves out (a dateline's day) is no disagreement; "received 4 per cent" against
 * "received 2 per cent" is.
 *
 * <p>What this keeps apart: two reports of one event in their own words (they share names and a
 * quote, not most of their phrases); a follow-up that reuses an earlier story's background below a
 * new lede (the shared part is neither most of the new story nor its opening); a round-up quoting a
 * story after a line of its own, or in its middle; the reports of a template (markets, weather, prices) on other days, whose
 * figures differ — even when a feed carries only their first sentence.
 */
final class TextMatch {
  static final int MIN_SHARED = 8;
  static final double MIN_CONTAINMENT = 0.75;
  static final double MIN_COVERAGE = 0.6;
  static final double MAX_CUT_SHARE = 0.67;
  static final double MIN_OPENING_CONTAINMENT = 0.6;
  static final double MIN_OPENING_COVERAGE = 0.5;
  static final int OPENING_SLACK = 10;
  static final int MAX_LEAD = 4;
  static final double MIN_NUMBERS = 0.75;

  private TextMatch() {}

  /**
   * The comparison of two texts.
   *
   * @param shared distinct shingles the two have in common
   * @param containment {@code shared} over the shorter's distinct shingles
   * @param coverage {@code shared} over the longer's distinct shingles
   * @param cut whether the shorter is short enough to be the longer cut short
   * @param openingContainment the share of the shorter's distinct shingles found in the longer's opening
   * @param openingCoverage the share of the longer's opening's distinct shingles found in the shorter
   * @param lead how many of the shorter's first shingles the longer lacks
   * @param numbers the share of the shorter's comparable numbers the longer states alike (1 when
   *     none is comparable)
   */
  record Verdict(
      int shared, double containment, double coverage, boolean cut, double openingContainment,
      double openingCoverage, int lead, double numbers) {
    /** Whether the two are copies of one story. */
    boolean sameStory() {
      boolean whole = containment >= MIN_CONTAINMENT && coverage >= MIN_COVERAGE;
      boolean cutShort = cut && lead <= MAX_LEAD && openingContainment >= MIN_OPENING_CONTAINMENT
          && openingCoverage >= MIN_OPENING_COVERAGE;
      return shared >= MIN_SHARED && numbers >= MIN_NUMBERS && (whole || cutShort);
    }
  }

  /** Compares two texts' shingles and numbers. */
  static Verdict compare(Shingles first, Shingles second) {
    int[] da = first.distinct();
    int[] db = second.distinct();
    if (da.length == 0 || db.length == 0) {
      return new Verdict(0, 0, 0, false, 0, 0, 0, 0);
    }
    boolean firstShorter = da.length <= db.length;
    Shingles shorter = firstShorter ? first : second;
    Shingles longer = firstShorter ? second : first;
    int[] shorterDistinct = firstShorter ? da : db;
    int[] longerDistinct = firstShorter ? db : da;
    int shared = intersection(shorterDistinct, longerDistinct);

    int shorterLength = shorter.sequence().length;
    int opening = (int) Math.min(longer.sequence().length, shorterLength + shorterLength / 10L + OPENING_SLACK);
    int[] openingDistinct = Shingles.distinctSorted(Arrays.copyOf(longer.sequence(), opening));
    int sharedInOpening = intersection(shorterDistinct, openingDistinct);

    int lead = 0;
    while (lead < shorterLength && Arrays.binarySearch(longerDistinct, shorter.sequence()[lead]) < 0) {
      lead++;
    }
    return new Verdict(shared, (double) shared / shorterDistinct.length, (double) shared / longerDistinct.length,
        shorterDistinct.length <= MAX_CUT_SHARE * longerDistinct.length,
        (double) sharedInOpening / shorterDistinct.length, (double) sharedInOpening / openingDistinct.length, lead,
        numberAgreement(shorter.numbers(), longer.numbers()));
  }

  /** Of the shorter's numbers whose word the longer also puts before a number, the share it states alike. */
  private static double numberAgreement(long[] shorter, long[] longer) {
    int comparable = 0;
    int alike = 0;
    for (long number : shorter) {
      long word = number >>> 32;
      int at = Arrays.binarySearch(longer, word << 32);
      int first = at >= 0 ? at : -at - 1; // the longer's first number after this word
      if (first < longer.length && longer[first] >>> 32 == word) {
        comparable++;
        if (Arrays.binarySearch(longer, first, longer.length, number) >= 0) {
          alike++;
        }
      }
    }
    return comparable == 0 ? 1 : (double) alike / comparable;
  }

  /** How many values two ascending arrays of distinct values share. */
  private static int intersection(int[] x, int[] y) {
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < x.length && j < y.length) {
      if (x[i] < y[j]) {
        i++;
      } else if (x[i] > y[j]) {
        j++;
      } else {
        n++;
        i++;
        j++;
      }
    }
    return n;
  }
}
