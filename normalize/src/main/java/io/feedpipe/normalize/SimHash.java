package io.feedpipe.normalize;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A 64-bit simhash over word shingles of {@value #SHINGLE_WORDS} lower-cased words: near-duplicate
 * texts differ in few bits. Shingles are hashed with 64-bit FNV-1a and a final avalanche mix.
 */
final class SimHash {
  static final int SHINGLE_WORDS = 3;

  private SimHash() {}

  /** The fingerprint of {@code text} as 16 lower-case hex digits; {@code 0000000000000000} for no words. */
  static String of(String text) {
    List<String> words = Words.lowerCase(text);
    if (words.isEmpty()) {
      return "0000000000000000";
    }
    int[] weights = new int[64];
    int shingles = Math.max(1, words.size() - SHINGLE_WORDS + 1);
    for (int i = 0; i < shingles; i++) {
      long h = 0xcbf29ce484222325L;
      for (int w = i; w < Math.min(words.size(), i + SHINGLE_WORDS); w++) {
        for (byte b : words.get(w).getBytes(StandardCharsets.UTF_8)) {
          h ^= b & 0xff;
          h *= 0x100000001b3L;
        }
        h ^= ' ';
        h *= 0x100000001b3L;
      }
      h = mix(h);
      for (int bit = 0; bit < 64; bit++) {
        weights[bit] += ((h >>> bit) & 1L) == 1L ? 1 : -1;
      }
    }
    long fingerprint = 0;
    for (int bit = 0; bit < 64; bit++) {
      if (weights[bit] > 0) {
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
