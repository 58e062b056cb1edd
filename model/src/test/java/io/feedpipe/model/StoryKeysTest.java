package io.feedpipe.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** #24: the link key and fingerprint that tell a story apart when its guid changes. */
class StoryKeysTest {
  @Test
  void schemeWwwDefaultPortTrailingSlashFragmentAndParameterOrderAreOneLink() {
    long key = StoryKeys.linkKey("https://news.example/2026/12/budget?id=7&page=2");

    assertThat(StoryKeys.linkKey("http://www.news.example:80/2026/12/budget/?page=2&id=7#top")).isEqualTo(key);
    assertThat(StoryKeys.linkKey("HTTPS://News.Example:443/2026/12/%62udget?id=7&page=2")).isEqualTo(key);
    assertThat(StoryKeys.keyForm("http://www.news.example/2026/12/./budget/")).isEqualTo("news.example/2026/12/budget");
  }

  @Test
  void anotherPathQueryHostOrPortIsAnotherLink() {
    long key = StoryKeys.linkKey("https://news.example/a?id=7");

    assertThat(StoryKeys.linkKey("https://news.example/b?id=7")).isNotEqualTo(key);
    assertThat(StoryKeys.linkKey("https://news.example/a?id=8")).isNotEqualTo(key);
    assertThat(StoryKeys.linkKey("https://m.news.example/a?id=7")).isNotEqualTo(key);
    assertThat(StoryKeys.linkKey("https://news.example:8443/a?id=7")).isNotEqualTo(key);
    assertThat(StoryKeys.linkKey("https://news.example/A?id=7")).isNotEqualTo(key); // the path keeps its case
  }

  @Test
  void aLinkThatIsNoHttpUrlIsKeyedByItsText() {
    assertThat(StoryKeys.keyForm("urn:uuid:1234")).isEqualTo("urn:uuid:1234");
    assertThat(StoryKeys.keyForm("not a url")).isEqualTo("not a url");
    assertThat(StoryKeys.linkKey("not a url")).isNotZero();
  }

  @Test
  void theFingerprintTellsTitleFromText() {
    assertThat(StoryKeys.fingerprint("Title", "Text.")).isEqualTo(StoryKeys.fingerprint("Title", "Text."))
        .isNotEqualTo(StoryKeys.fingerprint("Title", "Text!"))
        .isNotEqualTo(StoryKeys.fingerprint("Title\nText.", ""))
        .isNotZero();
  }
}
