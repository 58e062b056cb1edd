package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.model.FeedAuth;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.SecretRef;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeedDefinitionJsonTest {

  @Test
  void aDefinitionWithEveryFieldReadsBackAsWritten() throws Exception {
    FeedDefinition feed = new FeedDefinition("wire", URI.create("https://wire.example/private.xml?region=in"),
        Optional.of("The Wire"), List.of("agency", "india"), Optional.of(Duration.ofMinutes(10)),
        Map.of("IST", "Asia/Kolkata"), Optional.of(new FeedAuth.Basic("alice", new SecretRef.FromEnv("WIRE_PASSWORD"))),
        Map.of("X-Api-Key", new SecretRef.FromFile("/run/secrets/key")));

    byte[] value = FeedDefinitionJson.encode(feed);

    assertThat(new String(value, StandardCharsets.UTF_8)).contains("\"passwordEnv\":\"WIRE_PASSWORD\"")
        .contains("\"interval\":\"10m\"");
    assertThat(FeedDefinitionJson.decode("wire", value)).isEqualTo(feed);
  }

  @Test
  void aBearerTokenFileAndAPlainFeedReadBackToo() throws Exception {
    FeedDefinition bearer = new FeedDefinition("b", URI.create("https://b.example/rss"), Optional.empty(), List.of(),
        Optional.empty(), Map.of(), Optional.of(new FeedAuth.Bearer(new SecretRef.FromFile("/run/secrets/t"))), Map.of());
    FeedDefinition plain = FeedDefinition.of(URI.create("file:///srv/feeds/local.xml"));

    assertThat(FeedDefinitionJson.decode("b", FeedDefinitionJson.encode(bearer))).isEqualTo(bearer);
    assertThat(FeedDefinitionJson.decode(plain.id(), FeedDefinitionJson.encode(plain))).isEqualTo(plain);
  }

  @Test
  void aPasswordInTheUrlIsRefusedWithWhatToGiveInstead() {
    FeedDefinition inline = FeedDefinition.of(URI.create("https://alice:s3cret@wire.example/feed.xml"));

    assertThatThrownBy(() -> FeedDefinitionJson.encode(inline)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("passwordEnv|passwordFile").hasMessageNotContaining("s3cret");
  }

  @Test
  void aSecretQueryValueIsRefusedWithoutShowingIt() {
    FeedDefinition token = FeedDefinition.of(URI.create("https://letters.example/feed.xml?token=abc123"));

    assertThatThrownBy(() -> FeedDefinitionJson.encode(token)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token=REDACTED").hasMessageContaining("feeds file").hasMessageNotContaining("abc123");
  }

  @Test
  void whatIsNoDefinitionIsRefusedWithWhy() {
    assertThatThrownBy(() -> decode("f", "not json")).isInstanceOf(IOException.class).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> decode("f", "[1]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> decode("f", "{\"name\":\"x\"}")).hasMessageContaining("no url");
    assertThatThrownBy(() -> decode("f", "{\"url\":\"ftp://x/y\"}")).hasMessageContaining("not an http, https or file URL");
    assertThatThrownBy(() -> decode("f", "{\"id\":\"g\",\"url\":\"https://x/y\"}")).hasMessageContaining("not the record's key");
    assertThatThrownBy(() -> decode("f", "{\"url\":\"https://x/y\",\"interval\":\"soon\"}")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> decode("f", "{\"url\":\"https://x/y\",\"auth\":{\"bearer\":{\"token\":\"t\"}}}"))
        .hasMessageContaining("auth.bearer names no tokenEnv or tokenFile");
  }

  @Test
  void fieldsItDoesNotKnowAreIgnored() throws Exception {
    assertThat(decode("f", "{\"url\":\"https://x.example/y\",\"addedBy\":\"ops\"}").url()).hasToString("https://x.example/y");
  }

  private static FeedDefinition decode(String key, String json) throws IOException {
    return FeedDefinitionJson.decode(key, json.getBytes(StandardCharsets.UTF_8));
  }
}
