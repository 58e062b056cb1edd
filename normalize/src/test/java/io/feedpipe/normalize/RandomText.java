package io.feedpipe.normalize;

import java.util.Random;

/** Random strings for the differential tests: each character drawn from an alphabet. */
final class RandomText {
  private RandomText() {}

  /** {@code length} characters of {@code alphabet}, each drawn with {@code random}. */
  static String of(Random random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
