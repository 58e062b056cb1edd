package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Links written out without parsing must be what {@link URI} makes of them, for every base. */
class LinkResolverTest {
  private static final List<String> SCHEMES = List.of("http://", "https://", "HTTP://", "https:/", "ftp://", "mailto:",
      "//", "/", "", "javascript:", "whatsapp://");
  private static final List<String> HOSTS = List.of("www.latestly.com", "x.test", "a-b.c", "-a.com", "a-.com", "1.2.3.4",
      "localhost", "example.com.", "[::1]", "user@x.test", "x.test:8080", "xn--bcher-kva.example", "123", "a.9b", "a..b",
      "b\u00fccher.example", "x_y.test", "");
  private static final String PATH_CHARS = "aZ09-_.!~*'();/?:@&=+$,%#[]{}|\\^`\" <>\u00e9\t";
  private static final String PLAIN_CHARS = "aZ09-_.!~*'();/?:@&=+$,/";
  private static final List<String> BASES = List.of("https://www.latestly.com/agency-news/x.html", "HTTP://Example.COM/a/b",
      "https://user@x.test/", "http://x.test:8080/p", "http://[::1]/", "https://1.2.3.4/", "ftp://x.test/", "https://x.test",
      "mailto:desk@x.test", "https://a-b.c/d?e#f");

  /** Resolved hrefs, and the host read off a plain one, are what parsing with URI gives. */
  @Test
  void equalsResolvingWithUriOnRandomHrefs() {
    Random random = new Random(20261129);
    int written = 0;
    int hostsReadOff = 0;
    for (int n = 0; n < 200_000; n++) {
      StringBuilder href = new StringBuilder(random.nextInt(8) == 0 ? " " : "");
      href.append(SCHEMES.get(random.nextInt(SCHEMES.size())));
      if (random.nextBoolean()) {
        href.append(HOSTS.get(random.nextInt(HOSTS.size())));
      }
      // half of them of the characters URI takes as they are, so that most of those are kept
      String chars = random.nextBoolean() ? PATH_CHARS : PLAIN_CHARS;
      for (int k = random.nextInt(12); k > 0; k--) {
        href.append(random.nextInt(6) == 0 ? List.of("%2F", "%zz", "%4", "/news/", "?utm_source=rss&amp=1", "#top").get(random.nextInt(6))
            : String.valueOf(chars.charAt(random.nextInt(chars.length()))));
      }
      Optional<URI> base = random.nextInt(6) == 0 ? Optional.empty() : Optional.of(URI.create(BASES.get(random.nextInt(BASES.size()))));
      Optional<String> expected = LinkResolver.byUri(base, href.toString());
      assertThat(new LinkResolver(base).resolve(href.toString())).as("%s against %s", href, base).isEqualTo(expected);
      written += expected.isPresent() ? 1 : 0;
      assertThat(LinkResolver.hostOf(href.toString())).as(href.toString())
          .isEqualTo(CanonicalUrl.parse(href.toString()).map(URI::getHost));
      int hostEnd = LinkResolver.absoluteWebHostEnd(href.toString());
      hostsReadOff += hostEnd > 0 && LinkResolver.isPlainPart(href.toString(), hostEnd) ? 1 : 0;
    }
    assertThat(written).as("hrefs kept").isGreaterThan(20_000);
    assertThat(hostsReadOff).as("hosts read off without parsing").isGreaterThan(500);
  }

  @Test
  void examples() {
    Optional<URI> base = Optional.of(URI.create("https://www.latestly.com/agency-news/x.html"));
    assertThat(new LinkResolver(base).resolve("/india/news/story-1.html?utm_source=rss"))
        .contains("https://www.latestly.com/india/news/story-1.html?utm_source=rss");
    assertThat(new LinkResolver(base).resolve("https://x.test/a?b=1&c=2#top")).contains("https://x.test/a?b=1&c=2#top");
    assertThat(new LinkResolver(base).resolve("/a/../b")).contains("https://www.latestly.com/a/../b"); // as URI leaves it
    assertThat(new LinkResolver(base).resolve("javascript:alert(1)")).isEmpty();
    assertThat(new LinkResolver(base).resolve("https://x.test/a b")).contains("https://x.test/a%20b");
  }
}
