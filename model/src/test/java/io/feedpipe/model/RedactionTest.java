package io.feedpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.testkit.Gen;
import io.feedpipe.testkit.Property;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** #20: the one function that decides how a URL may be shown outside the process. */
class RedactionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "http://alice:s3cret@host.example/feed.xml?token=abc123 | http://host.example/feed.xml?token=REDACTED",
      "https://host.example:8443/rss?page=2&api_key=k&x=1     | https://host.example:8443/rss?page=2&api_key=REDACTED&x=1",
      "https://host.example/rss?TOKEN=abc&Signature=s         | https://host.example/rss?TOKEN=REDACTED&Signature=REDACTED",
      "https://host.example/rss?api%5Fkey=abc                 | https://host.example/rss?api%5Fkey=REDACTED",
      "https://host.example/rss?tokenish=abc&key              | https://host.example/rss?tokenish=abc&key",
      "https://host.example/cb#access_token=t&state=1         | https://host.example/cb#access_token=REDACTED&state=1",
      "https://token@host.example/rss                         | https://host.example/rss",
      "https://u:p@[::1]:8080/rss?sig=1                       | https://[::1]:8080/rss?sig=REDACTED",
      "file:///srv/feeds/a.xml                                | file:///srv/feeds/a.xml",
      "https://host.example/rss?key=                          | https://host.example/rss?key=REDACTED"})
  void removesUserinfoAndSecretParameterValues(String given, String shown) {
    assertThat(Redaction.url(URI.create(given))).hasToString(shown);
    assertThat(Redaction.url(Redaction.url(URI.create(given)))).hasToString(shown);
  }

  @Test
  void redactsEveryUrlInAMessageAndSecretParametersOfRelativeReferences() {
    String message = "http://alice:s3cret@h.example/a?token=abc123: HTTP 302 to an invalid Location '/b?sig=xyz&p=1'; "
        + "{\"url\":\"https://h.example/c?password=hunter2\"}";

    assertThat(Redaction.text(message)).isEqualTo("http://h.example/a?token=REDACTED: HTTP 302 to an invalid Location "
        + "'/b?sig=REDACTED&p=1'; {\"url\":\"https://h.example/c?password=REDACTED\"}");
  }

  @Test
  void textWithoutUrlsOrParametersIsReturnedAsItIs() {
    String plain = "Feed example failed (http_error): no detail";
    assertThat(Redaction.text(plain)).isSameAs(plain);
  }

  @Test
  void aUrlJavaCannotReadLosesItsUserinfoAndSecretsAllTheSame() {
    assertThat(Redaction.text("see http://bob:pw@bad host/x and http://carol:pw2@h.example/%zz?auth=a1"))
        .doesNotContain("pw", "a1").contains("http://h.example/%zz?auth=REDACTED");
  }

  @Test
  void restoreTakesTheSecretValuesBackFromTheConfiguredUrl() {
    URI configured = URI.create("https://h.example/old.xml?token=abc&key=k1&key=k2");
    URI moved = URI.create("https://h.example/new.xml?key=k1&key=k2&token=abc&page=1");

    assertThat(Redaction.restore(Redaction.url(moved), configured)).isEqualTo(moved);
    // a secret the configured URL does not give cannot come back
    URI other = URI.create("https://h.example/new.xml?token=other&sig=s");
    assertThat(Redaction.restore(Redaction.url(other), configured))
        .hasToString("https://h.example/new.xml?token=abc&sig=REDACTED");
  }

  @Test
  void theSecretParameterNamesAreConfigurable() {
    try {
      Redaction.useSecretParameters(List.of("session", "X-Sig"));
      assertThat(Redaction.url(URI.create("https://h.example/r?session=s&x-sig=1&token=t")))
          .hasToString("https://h.example/r?session=REDACTED&x-sig=REDACTED&token=t");
      assertThat(Redaction.text("see /r?token=t&X-SIG=2")).isEqualTo("see /r?token=t&X-SIG=REDACTED");
      assertThat(Redaction.secretParameters()).containsExactly("session", "x-sig");
    } finally {
      Redaction.useSecretParameters(Redaction.DEFAULT_SECRET_PARAMETERS);
    }
  }

  @Test
  void aNameThatCannotBeAParameterIsRefused() {
    assertThatThrownBy(() -> Redaction.useSecretParameters(List.of("to ken")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'to ken'");
    assertThat(Redaction.secretParameters()).isEqualTo(Redaction.DEFAULT_SECRET_PARAMETERS);
  }

  /** A URL with a password and secret parameter values that are each a distinct, recognisable string. */
  record PrivateUrl(URI url, List<String> secrets) {}

  private static final Gen<String> SECRET = Gen.strings("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 6)
      .map(s -> "Zq9" + s + "x7"); // every secret 5+ characters no URL part shares

  private static final Gen<PrivateUrl> PRIVATE_URLS = random -> {
    List<String> secrets = new ArrayList<>();
    StringBuilder url = new StringBuilder(random.nextBoolean() ? "https://" : "http://");
    if (random.nextBoolean()) {
      String password = SECRET.next(random);
      secrets.add(password);
      url.append(random.nextBoolean() ? "alice:" + password : password).append('@');
    }
    url.append(random.nextBoolean() ? "feeds.example" : "[2001:db8::1]");
    if (random.nextBoolean()) {
      url.append(':').append(1 + random.nextInt(65535));
    }
    url.append("/private/feed.xml");
    int parameters = random.nextInt(5);
    List<String> names = List.of("token", "Key", "API_KEY", "access%5Ftoken", "sig", "page", "format", "q");
    for (int i = 0; i < parameters; i++) {
      String name = names.get(random.nextInt(names.size()));
      boolean secret = Redaction.isSecretParameter(name);
      String value = secret ? SECRET.next(random) : "v" + random.nextInt(100);
      if (secret) {
        secrets.add(value);
      }
      url.append(i == 0 ? '?' : '&').append(name).append('=').append(value);
    }
    return new PrivateUrl(URI.create(url.toString()), secrets);
  };

  @Test
  void noSecretSurvivesRedactionAndRestoreGivesTheUrlBack() {
    Property.forAll(20_20L, 500, PRIVATE_URLS, p -> {
      URI shown = Redaction.url(p.url());
      String inText = Redaction.text("GET " + p.url() + " failed; Location: " + p.url().getRawPath() + "?"
          + p.url().getRawQuery() + "\n{\"url\":\"" + p.url() + "\"}");
      for (String secret : p.secrets()) {
        assertThat(shown.toString()).doesNotContain(secret);
        assertThat(inText).doesNotContain(secret);
      }
      assertThat(Redaction.url(shown)).isEqualTo(shown);
      assertThat(Redaction.text(inText)).isEqualTo(inText);
      if (p.url().getRawUserInfo() == null) {
        assertThat(Redaction.restore(shown, p.url())).isEqualTo(p.url());
      }
    });
  }
}
