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

  /** How many shingles a byte-wide count takes before it could overflow. */
  private static final int MAX_BYTE_COUNT = 255;
  /** For each byte value, a long whose byte k is bit k of the value (0 or 1). */
  private static final long[] BITS_TO_BYTES = new long[256];

  static {
    for (int x = 0; x < 256; x++) {
      for (int k = 0; k < 8; k++) {
        BITS_TO_BYTES[x] |= (long) ((x >>> k) & 1) << (8 * k);
      }
    }
  }

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
    // the shingles' hashes first, each independent of the others (the processor overlaps them),
    // then their sum
    long[] hashes = new long[shingles];
    int whole = words.length - SHINGLE_WORDS + 1; // shingles of all three words, written out
    for (int i = 0; i < whole; i++) {
      hashes[i] = mix(mix(mix(mix(SEED ^ words[i]) * 31 ^ words[i + 1]) * 31 ^ words[i + 2]) * 31);
    }
    for (int i = Math.max(0, whole); i < shingles; i++) { // a text of fewer words: one shingle of them all
      long h = SEED;
      for (int w = i; w < Math.min(words.length, i + SHINGLE_WORDS); w++) {
        h = mix(h ^ words[w]) * 31;
      }
      hashes[i] = mix(h);
    }
    // 64 counters, each the number of shingles with its bit set, counted eight at a time: byte k
    // of lane b counts bit 8b+k, so adding a hash is eight table look-ups and additions; the
    // byte-wide counts are moved into ints before they could overflow
    int[] counts = new int[64];
    for (int from = 0; from < shingles; from += MAX_BYTE_COUNT) {
      long[] lanes = new long[8];
      for (int i = from; i < Math.min(shingles, from + MAX_BYTE_COUNT); i++) {
        long h = hashes[i];
        for (int b = 0; b < 8; b++) {
          lanes[b] += BITS_TO_BYTES[(int) (h >>> (8 * b)) & 0xFF];
        }
      }
      for (int b = 0; b < 8; b++) {
        for (int k = 0; k < 8; k++) {
          counts[8 * b + k] += (int) (lanes[b] >>> (8 * k)) & 0xFF;
        }
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
