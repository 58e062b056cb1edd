package io.feedpipe.normalize;

/**
 * A 64-bit simhash over word shingles of {@value #SHINGLE_WORDS} lower-cased words: near-duplicate
 * texts differ in few bits. Words are hashed with 64-bit FNV-1a over their lower-cased UTF-16
 * units, a shingle combines its words' hashes, and a final avalanche mix spreads the bits.
 */
final class SimHash {
  static final int SHINGLE_WORDS = 3;

  private SimHash() {}

  /** The fingerprint of {@code text} as 16 lower-case hex digits; {@code 0000000000000000} for no words. */
  static String of(String text) {
    long[] words = Words.hashes(text);
    if (words.length == 0) {
      return "0000000000000000";
    }
    int[] ones = new int[64];
    int shingles = Math.max(1, words.length - SHINGLE_WORDS + 1);
    for (int i = 0; i < shingles; i++) {
      long h = 0x9E3779B97F4A7C15L;
      for (int w = i; w < Math.min(words.length, i + SHINGLE_WORDS); w++) {
        h = mix(h ^ words[w]) * 31;
      }
      h = mix(h);
      for (int bit = 0; bit < 64; bit++) {
        ones[bit] += (int) ((h >>> bit) & 1L);
      }
    }
    long fingerprint = 0;
    for (int bit = 0; bit < 64; bit++) {
      // the bit's weight, +1 per shingle with it set and -1 per shingle without, is positive
      if (2 * ones[bit] > shingles) {
        fingerprint |= 1L << bit;
      }
    }
    return String.format("%016x", fingerprint);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
