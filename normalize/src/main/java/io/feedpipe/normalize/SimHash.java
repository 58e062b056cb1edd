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

  /** How many shingles eight bit planes count before they could overflow. */
  private static final int MAX_PLANE_COUNT = 255;

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
    int shingles = Math.max(1, words.length - SHINGLE_WORDS + 1);
    // the shingles' hashes a word at a time over all of them: each loop's steps are independent
    // of each other, where one loop per shingle waited on each multiplication in turn (0.6x the time)
    long[] hashes = new long[shingles];
    int whole = words.length - SHINGLE_WORDS + 1; // shingles of all three words
    for (int i = 0; i < whole; i++) {
      hashes[i] = mix(SEED ^ words[i]) * 31;
    }
    for (int i = 0; i < whole; i++) {
      hashes[i] = mix(hashes[i] ^ words[i + 1]) * 31;
    }
    for (int i = 0; i < whole; i++) {
      hashes[i] = mix(mix(hashes[i] ^ words[i + 2]) * 31);
    }
    for (int i = Math.max(0, whole); i < shingles; i++) { // a text of fewer words: one shingle of them all
      long h = SEED;
      for (int w = i; w < Math.min(words.length, i + SHINGLE_WORDS); w++) {
        h = mix(h ^ words[w]) * 31;
      }
      hashes[i] = mix(h);
    }
    // 64 counters, each the number of shingles with its bit set, kept bit-sliced: plane k holds
    // bit k of every counter, and adding a hash is a ripple-carry add down the planes (eight
    // planes count to 255, then the counts move into ints; the planes are locals, written out, so
    // that they stay in registers)
    int[] counts = new int[64];
    for (int from = 0; from < shingles; from += MAX_PLANE_COUNT) {
      long p0 = 0;
      long p1 = 0;
      long p2 = 0;
      long p3 = 0;
      long p4 = 0;
      long p5 = 0;
      long p6 = 0;
      long p7 = 0;
      for (int i = from; i < Math.min(shingles, from + MAX_PLANE_COUNT); i++) {
        long carry = hashes[i];
        long next = p0 & carry;
        p0 ^= carry;
        carry = next;
        next = p1 & carry;
        p1 ^= carry;
        carry = next;
        next = p2 & carry;
        p2 ^= carry;
        carry = next;
        next = p3 & carry;
        p3 ^= carry;
        carry = next;
        next = p4 & carry;
        p4 ^= carry;
        carry = next;
        next = p5 & carry;
        p5 ^= carry;
        carry = next;
        next = p6 & carry;
        p6 ^= carry;
        p7 ^= next;
      }
      long[] planes = {p0, p1, p2, p3, p4, p5, p6, p7};
      for (int bit = 0; bit < 64; bit++) {
        int count = 0;
        for (int k = 0; k < planes.length; k++) {
          count |= (int) ((planes[k] >>> bit) & 1) << k;
        }
        counts[bit] += count;
      }
    }
    long fingerprint = 0;
    for (int bit = 0; bit < 64; bit++) {
      // the bit's weight, +1 per shingle with it set and -1 per shingle without, is positive
      if (2L * counts[bit] > shingles) {
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
