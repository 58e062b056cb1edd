package io.feedpipe.normalize;

import java.util.HexFormat;

/**
 * A 64-bit simhash over word shingles of {@value #SHINGLE_WORDS} lower-cased words: near-duplicate
 * texts differ in few bits. Words are hashed with 64-bit FNV-1a over their lower-cased UTF-16
 * units, a shingle combines its words' hashes, and a final avalanche mix spreads the bits.
 */
final class SimHash {
  static final int SHINGLE_WORDS = 3;
  private static final long SEED = 0x9E3779B97F4A7C15L;

  private SimHash() {}

  /** The fingerprint of {@code text} as 16 lower-case hex digits; {@code 0000000000000000} for no words. */
  static String of(String text) {
    return of(Words.hashes(text));
  }

  /** The fingerprint of words already hashed by {@link Words#hashes}. */
  static String of(long[] words) {
    if (words.length == 0) {
      return "0000000000000000";
    }
    // 64 counters kept bit-sliced: plane j holds bit j of every counter, so adding a shingle's
    // hash to all 64 counters is a ripple-carry add over a few planes instead of 64 additions
    int shingles = Math.max(1, words.length - SHINGLE_WORDS + 1);
    // a counter holds at most `shingles`: planes above its highest bit would stay zero
    int used = 64 - Long.numberOfLeadingZeros(shingles);
    long[] planes = new long[used];
    // the shingles' hashes first, each independent of the others (the processor overlaps them),
    // then their sum
    long[] hashes = new long[shingles];
    for (int i = 0; i < shingles; i++) {
      long h = SEED;
      for (int w = i; w < Math.min(words.length, i + SHINGLE_WORDS); w++) {
        h = mix(h ^ words[w]) * 31;
      }
      hashes[i] = mix(h);
    }
    for (int i = 0; i < shingles; i++) {
      long carry = hashes[i];
      for (int j = 0; carry != 0; j++) {
        long next = planes[j] & carry;
        planes[j] ^= carry;
        carry = next;
      }
    }
    long fingerprint = 0;
    for (int bit = 0; bit < 64; bit++) {
      long ones = 0;
      for (int j = 0; j < planes.length; j++) {
        ones |= ((planes[j] >>> bit) & 1L) << j;
      }
      // the bit's weight, +1 per shingle with it set and -1 per shingle without, is positive
      if (2 * ones > shingles) {
        fingerprint |= 1L << bit;
      }
    }
    return HexFormat.of().toHexDigits(fingerprint);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
