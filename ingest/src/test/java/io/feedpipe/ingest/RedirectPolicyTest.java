package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The redirect rules that need no server: the HTTP hops themselves are in FetchBehaviourTest. */
class RedirectPolicyTest {

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource({
      "https://a.example/rss, http://a.example/rss, no downgrade from https to http",
      "https://a.example/rss, HTTP://b.example/rss, no downgrade from https to http",
      "http://a.example/rss, file:///etc/passwd, only http and https",
      "http://a.example/rss, gopher://a.example/, only http and https",
      "https://a.example/rss, javascript:alert(1), only http and https"})
  void refusesDowngradesAndOtherSchemes(String from, String to, String reason) {
    assertThat(HttpFetcher.redirectRefusal(URI.create(from), URI.create(to)))
        .hasValueSatisfying(r -> assertThat(r).contains(reason).contains(from));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "http://a.example/rss, https://a.example/rss",
      "https://a.example/rss, https://b.example/feed",
      "http://a.example/rss, http://b.example/feed"})
  void followsUpgradesAndSameSchemeHops(String from, String to) {
    assertThat(HttpFetcher.redirectRefusal(URI.create(from), URI.create(to))).isEmpty();
  }
}
