package io.feedpipe.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedpipe.config.Durations;
import io.feedpipe.config.SettingType;
import io.feedpipe.model.FeedAuth;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.Redaction;
import io.feedpipe.model.SecretRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The value of a feeds-topic record: a feed definition as JSON, in the words of the feeds file.
 *
 * <pre>{@code
 * {"id": "example-india", "url": "https://www.example.in/rss/india.xml", "name": "Example India",
 *  "tags": ["india"], "interval": "10m", "zoneAbbreviations": {"IST": "Asia/Kolkata"},
 *  "auth": {"basic": {"username": "alice", "passwordEnv": "FEED_PASSWORD"}},
 *  "headers": {"X-Api-Key": {"valueFile": "/run/secrets/key"}}}
 * }</pre>
 *
 * Only {@code id} and {@code url} are always there; credentials are references (an environment
 * variable or a file of the service's machine), never secrets: a definition that {@linkplain
 * FeedDefinition#carriesSecretValues carries one} is refused. Reading ignores fields it does not
 * know, so a newer writer does not stop an older service. Thread-safe.
 */
final class FeedDefinitionJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SettingType<Duration> INTERVAL = SettingType.positiveDuration();

  private FeedDefinitionJson() {}

  /**
   * The record value of {@code feed}.
   *
   * @throws IllegalArgumentException when the definition holds a secret rather than a reference to one
   */
  static byte[] encode(FeedDefinition feed) {
    refuseSecrets(feed);
    ObjectNode node = JSON.createObjectNode();
    node.put("id", feed.id());
    node.put("url", feed.url().toString());
    feed.name().ifPresent(n -> node.put("name", n));
    if (!feed.tags().isEmpty()) {
      feed.tags().forEach(node.putArray("tags")::add);
    }
    feed.interval().ifPresent(i -> node.put("interval", Durations.format(i)));
    if (!feed.zoneAbbreviations().isEmpty()) {
      ObjectNode zones = node.putObject("zoneAbbreviations");
      new TreeMap<>(feed.zoneAbbreviations()).forEach(zones::put);
    }
    feed.auth().ifPresent(auth -> {
      ObjectNode a = node.putObject("auth");
      switch (auth) {
        case FeedAuth.Basic b -> reference(a.putObject("basic").put("username", b.username()), "password", b.password());
        case FeedAuth.Bearer b -> reference(a.putObject("bearer"), "token", b.token());
      }
    });
    if (!feed.headers().isEmpty()) {
      ObjectNode headers = node.putObject("headers");
      new TreeMap<>(feed.headers()).forEach((name, ref) -> reference(headers.putObject(name), "value", ref));
    }
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a JSON tree", e);
    }
  }

  /**
   * Refuses a definition that holds a secret itself, saying what to give instead.
   *
   * @throws IllegalArgumentException naming the feed (its URL redacted) and the fix
   */
  static void refuseSecrets(FeedDefinition feed) {
    if (!feed.carriesSecretValues()) {
      return;
    }
    String which = "feed " + feed.id() + " (" + Redaction.url(feed.url()) + ")";
    if (!Redaction.url(feed.url()).equals(feed.url())) {
      throw new IllegalArgumentException(which + ": its URL carries a secret query value (see redact.queryParameters), "
          + "which everyone who reads the feeds topic would see; keep this feed in a feeds file (feeds.file) instead");
    }
    throw new IllegalArgumentException(which + ": its password is written in the URL; the feeds topic holds only "
        + "references to secrets: give auth: {basic: {username, passwordEnv|passwordFile}} in a feeds file and import it");
  }

  private static void reference(ObjectNode into, String name, SecretRef ref) {
    switch (ref) {
      case SecretRef.FromEnv env -> into.put(name + "Env", env.variable());
      case SecretRef.FromFile file -> into.put(name + "File", file.path());
      case SecretRef.Inline inline -> throw new IllegalArgumentException("a " + name + " held in memory is never written");
    }
  }

  /**
   * The definition in a record's value.
   *
   * @throws IOException when the value is not such a definition, or its id is not the record's key
   */
  static FeedDefinition decode(String key, byte[] value) throws IOException {
    JsonNode node;
    try {
      node = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new IOException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IOException("not a JSON object");
    }
    try {
      String id = text(node, "id").orElse(key);
      if (!id.equals(key)) {
        throw new IOException("id '" + id + "' is not the record's key '" + key + "'");
      }
      URI url = url(text(node, "url").orElseThrow(() -> new IOException("no url")));
      List<String> tags = new ArrayList<>();
      for (JsonNode t : node.path("tags")) {
        tags.add(t.asText());
      }
      Optional<Duration> interval = text(node, "interval").map(INTERVAL::read);
      Map<String, String> zones = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.path("zoneAbbreviations").properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> z = it.next();
        zones.put(z.getKey().toUpperCase(Locale.ROOT), z.getValue().asText());
      }
      Optional<FeedAuth> auth = Optional.empty();
      JsonNode a = node.path("auth");
      if (a.has("basic")) {
        JsonNode basic = a.get("basic");
        auth = Optional.of(new FeedAuth.Basic(basic.path("username").asText(""), secret(basic, "password", "auth.basic")));
      } else if (a.has("bearer")) {
        auth = Optional.of(new FeedAuth.Bearer(secret(a.get("bearer"), "token", "auth.bearer")));
      }
      Map<String, SecretRef> headers = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.path("headers").properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> h = it.next();
        headers.put(h.getKey(), secret(h.getValue(), "value", "headers." + h.getKey()));
      }
      return new FeedDefinition(id, url, text(node, "name"), tags, interval, zones, auth, headers);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText());
  }

  private static URI url(String text) throws IOException {
    try {
      URI url = new URI(text);
      String scheme = Optional.ofNullable(url.getScheme()).orElse("").toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null || scheme.equals("file")) {
        return url;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IOException("'" + Redaction.text(text) + "' is not an http, https or file URL");
  }

  private static SecretRef secret(JsonNode node, String name, String key) throws IOException {
    if (node.hasNonNull(name + "Env")) {
      return new SecretRef.FromEnv(node.get(name + "Env").asText());
    }
    if (node.hasNonNull(name + "File")) {
      return new SecretRef.FromFile(node.get(name + "File").asText());
    }
    throw new IOException(key + " names no " + name + "Env or " + name + "File");
  }
}
