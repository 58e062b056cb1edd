package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.feedpipe.model.FeedAuth;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.SecretRef;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #20: private feeds against real servers on 127.0.0.1 that require Basic auth, a bearer token or
 * an API-key header; credentials go to the feed's own origin only, and no record shows a secret.
 */
class PrivateFeedFetchTest {
  private static final Instant NOW = Instant.parse("2026-01-15T06:00:00Z");
  private static final String PASSWORD = "pw-Basic-7Qx2";
  private static final String TOKEN = "tok-Bearer-9Vd4";
  private static final String API_KEY = "key-Header-3Lm8";
  private static final String URL_TOKEN = "urltok-5Rk1";

  @TempDir Path dir;
  private LocalServer origin;
  private LocalServer otherHost;
  private LocalServer otherPort;
  private FeedIngestor ingestor;

  @BeforeEach
  void start() throws Exception {
    origin = new LocalServer();
    otherHost = new LocalServer("127.0.0.2");
    otherPort = new LocalServer();
    ingestor = FeedIngestor.withEnvironment(IngestSettings.from(Feeds.loopbackValues()
            .with(FetchSettings.ALLOWED_ADDRESSES, List.of("127.0.0.0/8"))), InstantSource.fixed(NOW),
        Map.of("FEED_TOKEN", TOKEN, "EMPTY", "")::get);
    origin.route("/basic", ex -> answer(ex, ("Basic " + base64("alice:" + PASSWORD)).equals(authorization(ex))));
    origin.route("/bearer", ex -> answer(ex, ("Bearer " + TOKEN).equals(authorization(ex))));
    origin.route("/keyed", ex -> answer(ex, API_KEY.equals(ex.getRequestHeaders().getFirst("X-Api-Key"))));
    for (LocalServer elsewhere : List.of(otherHost, otherPort)) {
      elsewhere.route("/feed.xml", ex -> answer(ex, true));
    }
  }

  @AfterEach
  void stop() {
    ingestor.close();
    origin.close();
    otherHost.close();
    otherPort.close();
  }

  private static void answer(HttpExchange ex, boolean authorized) throws IOException {
    if (authorized) {
      LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS);
    } else {
      ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"feeds\"");
      LocalServer.send(ex, 401, "text/plain", "no");
    }
  }

  private static String authorization(HttpExchange ex) {
    return ex.getRequestHeaders().getFirst("Authorization");
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static FeedDefinition feed(URI url, Optional<FeedAuth> auth, Map<String, SecretRef> headers) {
    return new FeedDefinition(FeedDefinition.idFor(url), url, Optional.empty(), List.of(), Optional.empty(), Map.of(),
        auth, headers);
  }

  private IngestResult poll(FeedDefinition feed) throws InterruptedException {
    return ingestor.poll(feed, FeedState.initial(feed.id(), feed.url()));
  }

  private Path secretFile(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void basicAuthFromAFileReachesTheServerThatRequiresIt() throws Exception {
    Path file = secretFile("password", PASSWORD + "\n"); // as secret mounts and echo write it
    FeedDefinition feed = feed(origin.url("/basic"), Optional.of(new FeedAuth.Basic("alice",
        new SecretRef.FromFile(file.toString()))), Map.of());

    IngestResult result = poll(feed);

    assertThat(result.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(result.items()).hasSize(2);
  }

  @Test
  void userinfoInTheUrlIsSentAsBasicAuthAndShownNowhere() throws Exception {
    URI given = URI.create("http://alice:" + PASSWORD + "@127.0.0.1:" + origin.port() + "/basic?token=" + URL_TOKEN);
    FeedDefinition feed = FeedDefinition.of(given);

    IngestResult result = poll(feed);

    assertThat(result.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(origin.received.get(0).uri().getRawQuery()).isEqualTo("token=" + URL_TOKEN);
    assertThat(result.nextState().url()).hasToString(origin.url("/basic?token=REDACTED").toString());
    assertThat(List.of(result.status(), result.nextState(), result.items().get(0).feed()))
        .allSatisfy(r -> assertThat(r.toString()).doesNotContain(PASSWORD, URL_TOKEN));
  }

  @Test
  void aBearerTokenFromAnEnvironmentVariableAndAHeaderFromAFileAreSent() throws Exception {
    Path key = secretFile("api-key", API_KEY);
    IngestResult bearer = poll(feed(origin.url("/bearer"), Optional.of(new FeedAuth.Bearer(new SecretRef.FromEnv("FEED_TOKEN"))),
        Map.of()));
    IngestResult keyed = poll(feed(origin.url("/keyed"), Optional.empty(),
        Map.of("X-Api-Key", new SecretRef.FromFile(key.toString()))));

    assertThat(bearer.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(keyed.status().outcome()).isEqualTo(PollOutcome.OK);
  }

  @Test
  void credentialsAreNeverForwardedAcrossARedirectToAnotherHostOrPort() throws Exception {
    Path key = secretFile("api-key", API_KEY);
    origin.route("/to-other-host", ex -> redirect(ex, 302, otherHost.url("/feed.xml")));
    origin.route("/to-other-port", ex -> redirect(ex, 301, otherPort.url("/feed.xml")));
    Map<String, SecretRef> headers = Map.of("X-Api-Key", new SecretRef.FromFile(key.toString()));
    Optional<FeedAuth> bearer = Optional.of(new FeedAuth.Bearer(new SecretRef.FromEnv("FEED_TOKEN")));

    IngestResult toHost = poll(feed(origin.url("/to-other-host"), bearer, headers));
    IngestResult toPort = poll(feed(origin.url("/to-other-port"), bearer, headers));

    assertThat(toHost.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(toPort.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(origin.received).hasSize(2).allSatisfy(r -> {
      assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(r.headers().getFirst("X-Api-Key")).isEqualTo(API_KEY);
    });
    assertThat(List.of(otherHost.received.get(0), otherPort.received.get(0))).allSatisfy(r -> {
      assertThat(r.headers().containsKey("Authorization")).isFalse();
      assertThat(r.headers().containsKey("X-api-key")).isFalse();
      assertThat(r.headers().toString()).doesNotContain(TOKEN, API_KEY);
    });
    // an https upgrade or a new host that asks for credentials is told why none came
    otherHost.route("/private.xml", ex -> answer(ex, false));
    origin.route("/to-private-elsewhere", ex -> redirect(ex, 302, otherHost.url("/private.xml")));
    IngestResult withheld = poll(feed(origin.url("/to-private-elsewhere"), bearer, headers));
    assertThat(withheld.status().message()).hasValueSatisfying(m -> assertThat(m)
        .contains("HTTP 401", "not across a redirect to http://127.0.0.2:" + otherHost.port()));
    // after the 301 the feed lives on the other port: its next poll starts there, still without credentials
    IngestResult again = ingestor.poll(feed(origin.url("/to-other-port"), bearer, headers), toPort.nextState());
    assertThat(again.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(otherPort.received).hasSize(2);
    assertThat(otherPort.received.get(1).headers().containsKey("Authorization")).isFalse();
  }

  @Test
  void aRedirectOnTheSameOriginKeepsTheCredentials() throws Exception {
    origin.route("/old", ex -> redirect(ex, 301, URI.create("/bearer")));

    IngestResult result = poll(feed(origin.url("/old"), Optional.of(new FeedAuth.Bearer(new SecretRef.FromEnv("FEED_TOKEN"))),
        Map.of()));

    assertThat(result.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(result.nextState().url()).isEqualTo(origin.url("/bearer"));
  }

  @Test
  void aMissingOrEmptySecretFailsThePollNamingTheKeyWithoutARequest() throws Exception {
    IngestResult unset = poll(feed(origin.url("/bearer"), Optional.of(new FeedAuth.Bearer(new SecretRef.FromEnv("UNSET_VAR"))),
        Map.of()));
    IngestResult empty = poll(feed(origin.url("/bearer"), Optional.of(new FeedAuth.Bearer(new SecretRef.FromEnv("EMPTY"))),
        Map.of()));
    IngestResult noFile = poll(feed(origin.url("/keyed"), Optional.empty(),
        Map.of("X-Api-Key", new SecretRef.FromFile(dir.resolve("missing").toString()))));
    Path twoLines = secretFile("two-lines", "first\nsecond-" + API_KEY + "\n");
    IngestResult broken = poll(feed(origin.url("/keyed"), Optional.empty(),
        Map.of("X-Api-Key", new SecretRef.FromFile(twoLines.toString()))));

    assertThat(List.of(unset, empty, noFile, broken)).allSatisfy(r -> {
      assertThat(r.status().outcome()).isEqualTo(PollOutcome.REFUSED);
      assertThat(r.status().errorKind()).contains("credentials");
      assertThat(r.status().message().orElseThrow()).doesNotContain(API_KEY);
    });
    assertThat(unset.status().message()).hasValueSatisfying(m -> assertThat(m)
        .contains("auth.bearer.tokenEnv", "environment variable UNSET_VAR is not set"));
    assertThat(empty.status().message()).hasValueSatisfying(m -> assertThat(m).contains("is empty"));
    assertThat(noFile.status().message()).hasValueSatisfying(m -> assertThat(m).contains("headers.X-Api-Key", "cannot read"));
    assertThat(broken.status().message()).hasValueSatisfying(m -> assertThat(m).contains("line break"));
    assertThat(origin.received).isEmpty();
  }

  @Test
  void refusedCredentialsAreSaidSoAndTheUrlsTokenIsShownRedacted() throws Exception {
    URI url = origin.url("/bearer?token=" + URL_TOKEN);
    IngestResult wrong = ingestor.poll(feed(url, Optional.of(new FeedAuth.Basic("bob", new SecretRef.FromEnv("FEED_TOKEN"))),
        Map.of()), FeedState.initial(FeedDefinition.idFor(url), url));
    IngestResult none = poll(feed(url, Optional.empty(), Map.of()));

    assertThat(wrong.status().outcome()).isEqualTo(PollOutcome.HTTP_ERROR);
    assertThat(wrong.status().message()).hasValueSatisfying(m -> assertThat(m)
        .isEqualTo(origin.url("/bearer?token=REDACTED") + ": HTTP 401 (the server refused the feed's credentials: check its auth or headers)"));
    assertThat(none.status().message()).hasValueSatisfying(m -> assertThat(m).contains("may need credentials"));
    assertThat(List.of(wrong.status(), wrong.nextState(), none.status(), none.nextState()))
        .allSatisfy(r -> assertThat(r.toString()).doesNotContain(URL_TOKEN, TOKEN));
  }

  @Test
  void aPermanentRedirectIsRememberedOnlyWhenTheConfiguredUrlGivesItsSecrets() throws Exception {
    origin.route("/v1", ex -> redirect(ex, 301, URI.create("/v2?token=" + URL_TOKEN)));
    origin.route("/v2", ex -> LocalServer.send(ex, 200, "application/rss+xml", Feeds.RSS));
    origin.route("/w1", ex -> redirect(ex, 301, URI.create("/v2?token=another-" + URL_TOKEN)));
    FeedDefinition kept = FeedDefinition.of(origin.url("/v1?token=" + URL_TOKEN));
    FeedDefinition notKept = FeedDefinition.of(origin.url("/w1?token=" + URL_TOKEN));

    IngestResult moved = poll(kept);
    IngestResult stays = poll(notKept);

    assertThat(moved.nextState().url()).isEqualTo(origin.url("/v2?token=REDACTED"));
    assertThat(moved.nextState().urlFor(kept)).isEqualTo(origin.url("/v2?token=" + URL_TOKEN));
    assertThat(stays.status().outcome()).isEqualTo(PollOutcome.OK);
    assertThat(stays.nextState().url()).isEqualTo(origin.url("/w1?token=REDACTED"));
    assertThat(stays.nextState().movedFrom()).isEmpty();
    // the moved feed's next poll goes straight to /v2 with the real token
    origin.received.clear();
    ingestor.poll(kept, moved.nextState());
    assertThat(origin.received).extracting(r -> r.uri().toString()).containsExactly("/v2?token=" + URL_TOKEN);
  }

  private static void redirect(HttpExchange ex, int code, URI location) throws IOException {
    ex.getResponseHeaders().set("Location", location.toString());
    LocalServer.send(ex, code, null, new byte[0]);
  }
}
