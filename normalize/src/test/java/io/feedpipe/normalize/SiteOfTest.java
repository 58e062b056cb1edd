package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A host's site, read from the end of the string, is what splitting it into labels gave. */
class SiteOfTest {
  @Test
  void equalsTheLabelsSplitAndJoined() {
    Random random = new Random(20261206);
    String alphabet = "ab.AB.co.";
    for (int n = 0; n < 100_000; n++) {
      String host = RandomText.of(random, alphabet, random.nextInt(14));
      assertThat(RelatedHeadlines.siteOf(host)).as(host).isEqualTo(bySplitting(host));
    }
  }

  @Test
  void keepsACountryCodeSecondLevelDomain() {
    assertThat(RelatedHeadlines.siteOf("www.bbc.co.uk")).isEqualTo("bbc.co.uk");
    assertThat(RelatedHeadlines.siteOf("WWW.LatestLY.com")).isEqualTo("latestly.com");
    assertThat(RelatedHeadlines.siteOf("news.example.com.")).isEqualTo("example.com");
    assertThat(RelatedHeadlines.siteOf("localhost")).isEqualTo("localhost");
  }

  /** The former reading: labels by String.split (which drops trailing empty ones), the last two or three joined. */
  private static String bySplitting(String host) {
    String[] labels = host.toLowerCase(Locale.ROOT).split("\\.");
    int n = labels.length;
    if (n <= 2) {
      return String.join(".", labels);
    }
    boolean shortSecond = labels[n - 2].length() <= 3 && labels[n - 1].length() == 2;
    int keep = shortSecond ? 3 : 2;
    return String.join(".", java.util.Arrays.copyOfRange(labels, n - keep, n));
  }
}
