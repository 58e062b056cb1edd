package io.feedpipe.cluster;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A text as its word shingles: every run of {@value #WORDS} consecutive words, hashed to 32 bits,
 * in text order. Everything but the words (spaces, paragraph breaks, punctuation, the shape of
 * quotes and dashes) only separates them, so a copy whose paragraphs were run together, or whose
 * quotes are straight, has the same shingles; shingles run across paragraphs for the same reason.
 *
 * <p>The words are {@link Tokens}': runs of letters and digits, lower-cased, spelled one way where
 * copy desks spell them two ways, without the function words a desk adds or drops ("said on
 * Monday", "said Monday").
 *
 * <p>The anchors of a text are its winnowing sample (Schleimer, Wilkerson and Aiken, "Winnowing:
 * local algorithms for document fingerprinting", 2003): the least shingle hash of every window of
 * {@value #WINNOWING_WINDOW} consecutive shingles. The choice depends on the window's shingles
 * alone, so two texts that share a passage of at least a window share that passage's anchors,
 * whatever else either holds — a copy cut short, with another notice or a paragraph dropped
 * included. They are the keys under which the stage finds candidates; the verdict is {@link
 * TextMatch}'s, on all the shingles and the numbers.
 *
 * @param sequence the shingles in text order; a text of fewer than {@value #WORDS} words has one,
 *     of all its words, and a text without words none
 * @param distinct the distinct shingles, ascending
 * @param numbers the distinct numbers of the text (words that start with a digit) with the word
 *     before each, as 32-bit hashes of the word (high half) and the number (low half), ascending: "Rs
 *     350", "received 4 [per cent]", "May 30"
 */
record Shingles(int[] sequence, int[] distinct, long[] numbers) {
  /** Words per shingle: five make a shared shingle a shared phrase, not a shared name or number. */
  static final int WORDS = 5;
  /**
   * Shingles per winnowing window: two texts sharing a run of this many shingles (this many words
   * and four more) share an anchor, and about one shingle in {@code (window + 1) / 2} is one.
   */
  static final int WINNOWING_WINDOW = 12;

  Shingles {
    requireNonNull(sequence, "sequence");
    requireNonNull(distinct, "distinct");
    requireNonNull(numbers, "numbers");
  }

  /** A text's shingles in text order, and its numbers. */
  Shingles(int[] sequence, long[] numbers) {
    this(sequence, distinctSorted(sequence.clone()), numbers);
  }

  /** The shingles and numbers of {@code text}. */
  static Shingles of(String text) {
    Tokens.Words tokens = Tokens.hashes(text);
    long[] words = new long[tokens.size()];
    long[] numbers = new long[tokens.size()];
    int n = 0;
    for (int i = 0; i < words.length; i++) {
      words[i] = tokens.hash(i);
      if (tokens.number(i)) {
        long context = i == 0 ? 0 : mix(words[i - 1]) >>> 32;
        numbers[n++] = context << 32 | mix(words[i]) >>> 32;
      }
    }
    long[] pairs = Arrays.copyOf(numbers, n);
    Arrays.sort(pairs);
    return new Shingles(sequence(words), distinct(pairs));
  }

  private static long[] distinct(long[] sorted) {
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
  }

  private static int[] sequence(long[] words) {
    if (words.length == 0) {
      return new int[0];
    }
    int count = Math.max(1, words.length - WORDS + 1);
    int[] shingles = new int[count];
    for (int i = 0; i < count; i++) {
      long h = 0x9E3779B97F4A7C15L;
      for (int w = i; w < Math.min(words.length, i + WORDS); w++) {
        h = mix(h ^ words[w]);
      }
      shingles[i] = (int) (h >>> 32);
    }
    return shingles;
  }

  /**
   * The distinct anchors of the text, ascending: the winnowing sample (the least hash of
   * every {@value #WINNOWING_WINDOW} consecutive shingles). A text of fewer shingles has its least.
   */
  int[] anchors() {
    int[] shingles = sequence;
    if (shingles.length == 0) {
      return shingles;
    }
    int windows = Math.max(1, shingles.length - WINNOWING_WINDOW + 1);
    int[] anchors = new int[windows];
    int n = 0;
    int picked = -1;
    for (int start = 0; start < windows; start++) {
      int end = Math.min(shingles.length, start + WINNOWING_WINDOW);
      if (picked < start) { // the last pick left the window: find the least anew (the rightmost on ties)
        picked = start;
        for (int i = start + 1; i < end; i++) {
          if (Integer.compareUnsigned(shingles[i], shingles[picked]) <= 0) {
            picked = i;
          }
        }
        anchors[n++] = shingles[picked];
      } else if (Integer.compareUnsigned(shingles[end - 1], shingles[picked]) <= 0) {
        picked = end - 1; // the shingle that entered the window is the new least
        anchors[n++] = shingles[picked];
      }
    }
    return distinctSorted(Arrays.copyOf(anchors, n));
  }

  /** The distinct values of {@code values}, ascending (sorts {@code values} in place). */
  static int[] distinctSorted(int[] values) {
    Arrays.sort(values);
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (i == 0 || values[i] != values[i - 1]) {
        values[n++] = values[i];
      }
    }
    return n == values.length ? values : Arrays.copyOf(values, n);
  }

  /** A 64-bit avalanche mix (MurmurHash3's finaliser): each input bit moves about half the output bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shingles other && Arrays.equals(other.sequence, sequence)
        && Arrays.equals(other.distinct, distinct) && Arrays.equals(other.numbers, numbers);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sequence);
  }

  @Override
  public String toString() {
    return "Shingles[" + sequence.length + " shingles, " + numbers.length + " numbers]";
  }
}
