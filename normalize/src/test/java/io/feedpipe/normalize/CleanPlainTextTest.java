package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Text that passes the one-scan test reads into a block exactly as the full clean-up reads it. */
class CleanPlainTextTest {
  @Test
  void mojibakeRunsEndAtEverySpaceABlockCollapses() {
    java.util.regex.Pattern space = java.util.regex.Pattern.compile("[" + TextCleaner.SPACE_CLASS + "]");
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      assertThat(space.matcher(String.valueOf(c)).matches()).as("U+%04X", (int) c).isEqualTo(TextCleaner.isSpace(c));
    }
    // found by the idempotence property (seed 1500286474250345735): the run took the medium
    // mathematical space along, could not be repaired, and was repaired when normalized again
    assertThat(TextCleaner.repair("\u00e2\u20ac\u2122\u205f")).isEqualTo("\u2019\u205f");
  }

  @Test
  void typicalTextPassesAndTextNeedingWorkDoesNot() {
    assertThat(TextCleaner.isCleanPlainText("Moscow's “worst” defeat — since 1991, é ñ ü.")).isTrue();
    for (String s : new String[] {"", " lead", "trail ", "two  spaces", "a\nb", "a&amp;b", "a<b", "a\u00a0b", "a\u00adb",
        "Ã©", "a\u200bb", "e\u0301", "a\u2028b", "\u0085", "\u007f"}) {
      assertThat(TextCleaner.isCleanPlainText(s)).as("[%s]", s).isFalse();
    }
  }

  @Test
  void whatPassesNeedsNoRepairIsALineAlreadyAndAppendsAsTheBuilderWouldAppendIt() {
    Random random = new Random(20261129);
    String alphabet = "ab  .<&;\n\t\r\u007f\u0085\u00a0\u00a1\u00ad\u00c3\u00a9\u00e9\u02ff\u0300\u0301\u2010\u2014\u201c\u2024\u2026"
        + "\u2028\u200b\u202f\u3000\ufeff\ud835\udc00";
    int passed = 0;
    for (int n = 0; n < 100_000; n++) {
      StringBuilder sb = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        sb.append(random.nextInt(3) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) ('a' + random.nextInt(26)));
      }
      String s = sb.toString();
      if (!TextCleaner.isCleanPlainText(s)) {
        continue;
      }
      passed++;
      assertThat(TextCleaner.repair(s)).as("[%s]", s).isEqualTo(s);
      assertThat(TextCleaner.cleanLine(s)).as("[%s] as a one-line field", s).isEqualTo(s);
      assertThat(s).doesNotContain("<");
      BlockBuilder full = new BlockBuilder();
      BlockBuilder unchecked = new BlockBuilder();
      for (BlockBuilder b : new BlockBuilder[] {full, unchecked}) {
        b.append("x ");
        b.link(Optional.of("https://example.com/"));
      }
      full.append(s);
      unchecked.appendPlainUnchecked(s);
      assertThat(unchecked.take()).as("[%s]", s).isEqualTo(full.take());
    }
    assertThat(passed).as("texts that passed").isGreaterThan(10_000);
  }
}
