package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A cut appends the spans' text without looking at its characters again: the result must be what
 * appending it as text, with {@link BlockBuilder#append}, gives.
 */
class BlockCutTest {
  private static final List<String> PIECES = List.of("word", "Two words", " lead", "trail ", "  doubled  ", "\u00a0nbsp\u00a0",
      "tab\tand\nline", "zero\u200bwidth", "\u00adsoft", " ", "", "’quote’", "x", ".", "a b c");
  private static final List<Optional<String>> LINKS = List.of(Optional.empty(), Optional.empty(),
      Optional.of("https://x.test/a"), Optional.of("https://x.test/b"));

  @Test
  void cuttingEqualsAppendingTheRestAsText() {
    Random random = new Random(20261129);
    int compared = 0;
    for (int n = 0; n < 20_000; n++) {
      BlockBuilder builder = new BlockBuilder();
      for (int k = random.nextInt(8); k >= 0; k--) {
        builder.link(LINKS.get(random.nextInt(LINKS.size())));
        builder.append(PIECES.get(random.nextInt(PIECES.size())));
      }
      builder.link(Optional.empty());
      Block block = Block.of(0, "p", builder.take());
      // cuts of cuts too: a cut block's spans are what later cuts read
      for (int round = 0; round < 3 && !block.text().isEmpty(); round++) {
        int start = random.nextInt(block.text().length() + 1);
        int end = start + random.nextInt(block.text().length() - start + 1);
        Block expected = cutByAppending(block, start, end);
        Block actual = block.cut(start, end);
        assertThat(actual).as("%s cut [%d, %d)", block, start, end).isEqualTo(expected);
        assertThat(actual.text()).doesNotContain("  ").doesNotStartWith(" ").doesNotEndWith(" ");
        block = actual;
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(30_000);
  }

  /** The cut as it was written before: every piece appended as text, its characters looked at. */
  private static Block cutByAppending(Block block, int start, int end) {
    BlockBuilder b = new BlockBuilder();
    int offset = 0;
    for (Span s : block.spans()) {
      int spanEnd = offset + s.text().length();
      b.link(s.href());
      if (spanEnd <= start || offset >= end) {
        b.append(s.text());
      } else {
        if (start > offset) {
          b.append(s.text().substring(0, start - offset));
        }
        b.append(" ");
        if (end < spanEnd) {
          b.append(s.text().substring(end - offset));
        }
      }
      offset = spanEnd;
    }
    b.link(Optional.empty());
    return Block.of(block.index(), block.tag(), b.take());
  }
}
