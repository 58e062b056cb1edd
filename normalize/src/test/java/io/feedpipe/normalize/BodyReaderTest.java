package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyReaderTest {
  /** A body holding "<p>" skips the searches for a tag and a block tag: both would find it. */
  @Test
  void aParagraphTagIsFoundByBothSearches() {
    for (String body : new String[] {BodyReader.PARAGRAPH_TAG, "text\n" + BodyReader.PARAGRAPH_TAG + "\nmore", "<<p>>"}) {
      assertThat(BodyReader.HAS_TAG.matcher(body).find()).as(body).isTrue();
      assertThat(BodyReader.HAS_BLOCK_TAG.matcher(body).find()).as(body).isTrue();
    }
  }
}
