package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints are compared across stories and stored by subscribers: the same words give the same
 * fingerprint in every version. These values were computed by the implementation of 7f0e21e.
 */
class SimHashTest {
  @Test
  void textsKeepTheirFingerprints() {
    assertThat(SimHash.of("")).isEqualTo("0000000000000000");
    assertThat(SimHash.of("one")).isEqualTo("7005b13329ccef28");
    assertThat(SimHash.of("one two")).isEqualTo("44757188d15bb5cf");
    assertThat(SimHash.of("one two three")).isEqualTo("dce0a2e671342e07");
    assertThat(SimHash.of("Russia is touting its support from China this week, as leaders from the two nations prepare to meet."))
        .isEqualTo("c131440821830645");
  }

  @Test
  void wordHashesKeepTheirFingerprintsAtEverySize() {
    Random random = new Random(20261129);
    int[] sizes = {1, 2, 3, 4, 64, 1000, 70000};
    String[] expected = {"2e16d97d6cf29e49", "568785d7e52fce41", "6e1344ee72efbe46", "a4a68902500a1998", "6a048a9e7e518c66",
        "333d1cd5be6685c1", "094e21361d679a25"};
    for (int i = 0; i < sizes.length; i++) {
      assertThat(SimHash.of(random.longs(sizes[i]).toArray())).as("%s words", sizes[i]).isEqualTo(expected[i]);
    }
  }
}
