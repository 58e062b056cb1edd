package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** #16: links are resolved as RFC 3986 says, which {@link URI#resolve} does not quite do. */
class UriReferenceTest {
  private static final URI BASE = URI.create("http://a/b/c/d;p?q");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // RFC 3986 section 5.4.1, normal examples
      "g:h | g:h", "g | http://a/b/c/g", "./g | http://a/b/c/g", "g/ | http://a/b/c/g/", "/g | http://a/g",
      "//g | http://g", "?y | http://a/b/c/d;p?y", "g?y | http://a/b/c/g?y", "#s | http://a/b/c/d;p?q#s",
      "g#s | http://a/b/c/g#s", "g?y#s | http://a/b/c/g?y#s", ";x | http://a/b/c/;x", "g;x | http://a/b/c/g;x",
      "g;x?y#s | http://a/b/c/g;x?y#s", "'' | http://a/b/c/d;p?q", ". | http://a/b/c/", "./ | http://a/b/c/",
      ".. | http://a/b/", "../ | http://a/b/", "../g | http://a/b/g", "../.. | http://a/", "../../ | http://a/",
      "../../g | http://a/g",
      // section 5.4.2, abnormal examples
      "../../../g | http://a/g", "../../../../g | http://a/g", "/./g | http://a/g", "/../g | http://a/g",
      "g. | http://a/b/c/g.", ".g | http://a/b/c/.g", "g.. | http://a/b/c/g..", "..g | http://a/b/c/..g",
      "./../g | http://a/b/g", "./g/. | http://a/b/c/g/", "g/./h | http://a/b/c/g/h", "g/../h | http://a/b/c/h",
      "g;x=1/./y | http://a/b/c/g;x=1/y", "g;x=1/../y | http://a/b/c/y", "g?y/./x | http://a/b/c/g?y/./x",
      "g?y/../x | http://a/b/c/g?y/../x", "g#s/./x | http://a/b/c/g#s/./x", "g#s/../x | http://a/b/c/g#s/../x"})
  void resolvesTheExamplesOfRfc3986(String reference, String expected) {
    assertThat(UriReference.resolve(BASE, reference)).contains(expected);
  }

  @Test
  void aBaseWithAnEmptyPathGetsASlash() {
    assertThat(UriReference.resolve(URI.create("https://news.example"), "post/1")).contains("https://news.example/post/1");
  }

  @Test
  void charactersAUriCannotHoldAreEscapedAndOthersKept() {
    assertThat(UriReference.resolve(URI.create("https://news.example/a/"), " my post|1 "))
        .contains("https://news.example/a/my%20post%7C1");
    assertThat(UriReference.resolve(URI.create("http://any.test/"), "\u00c0")).contains("http://any.test/\u00c0");
  }

  @Test
  void aSchemeMakesAReferenceAbsolute() {
    assertThat(UriReference.isAbsolute("mailto:x@y.example")).isTrue();
    assertThat(UriReference.isAbsolute("//cdn.example/x")).isFalse();
    assertThat(UriReference.isAbsolute("/post/1")).isFalse();
  }
}
