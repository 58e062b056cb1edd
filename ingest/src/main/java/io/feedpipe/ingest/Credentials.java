package io.feedpipe.ingest;

import io.feedpipe.model.FeedAuth;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.SecretRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;

/**
 * A feed's credentials as read for one fetch: the request headers that carry them, and the one
 * origin (scheme, host, port of the feed's configured URL) they may be sent to. Read again at each
 * fetch, so a rotated secret file takes effect at the next poll. The values never appear in {@link
 * #toString()} or in any message.
 */
final class Credentials {
  /** The largest secret file read: 64 KiB. */
  static final int MAX_SECRET_BYTES = 64 * 1024;

  private static final Credentials NONE = new Credentials("", Map.of());

  private final String origin;
  private final Map<String, String> headers;

  private Credentials(String origin, Map<String, String> headers) {
    this.origin = origin;
    this.headers = Map.copyOf(headers);
  }

  /** Why a feed's credentials could not be read; the message names the setting, never a secret. */
  static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads the credentials of {@code feed}.
   *
   * @param env the process environment, by variable name ({@code System::getenv})
   * @throws Unavailable when a variable is unset, a file unreadable, or a secret cannot be sent
   */
  static Credentials of(FeedDefinition feed, UnaryOperator<String> env) throws Unavailable {
    if (feed.auth().isEmpty() && feed.headers().isEmpty()) {
      return NONE;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (feed.auth().isPresent()) {
      switch (feed.auth().get()) {
        case FeedAuth.Basic basic -> {
          String password = read(basic.password(), "auth.basic.password", env, true);
          String pair = basic.username() + ":" + password;
          headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        case FeedAuth.Bearer bearer -> headers.put("Authorization", "Bearer " + headerValue(
            read(bearer.token(), "auth.bearer.token", env, false), "auth.bearer.token", bearer.token()));
      }
    }
    for (Map.Entry<String, SecretRef> h : feed.headers().entrySet()) {
      String key = "headers." + h.getKey();
      headers.put(h.getKey(), headerValue(read(h.getValue(), key, env, false), key, h.getValue()));
    }
    return new Credentials(originOf(feed.url()), headers);
  }

  /** The credentials' headers when {@code url} is on the feed's own origin; none anywhere else. */
  Map<String, String> headersFor(HttpUrl url) {
    return origin.equals(originOf(url)) ? headers : Map.of();
  }

  boolean isEmpty() {
    return headers.isEmpty();
  }

  private static String originOf(URI url) {
    HttpUrl parsed = HttpUrl.get(url);
    return parsed == null ? "" : originOf(parsed);
  }

  private static String originOf(HttpUrl url) {
    return url.scheme() + "://" + url.host().toLowerCase(Locale.ROOT) + ":" + url.port();
  }

  private static String read(SecretRef ref, String key, UnaryOperator<String> env, boolean mayBeEmpty) throws Unavailable {
    String value = switch (ref) {
      case SecretRef.Inline inline -> inline.value();
      case SecretRef.FromEnv e -> Optional.ofNullable(env.apply(e.variable())).orElseThrow(
          () -> new Unavailable(key + "Env: the " + ref.describe() + " is not set"));
      case SecretRef.FromFile f -> readFile(f, key);
    };
    if (value.isEmpty() && !mayBeEmpty) {
      throw new Unavailable(key + ": the " + ref.describe() + " is empty");
    }
    if (value.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c))) {
      throw new Unavailable(key + ": the " + ref.describe() + " holds a line break or another control character");
    }
    return value;
  }

  private static String readFile(SecretRef.FromFile file, String key) throws Unavailable {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(Path.of(file.path()))) {
      bytes = in.readNBytes(MAX_SECRET_BYTES + 1);
    } catch (IOException | RuntimeException e) {
      throw new Unavailable(key + "File: cannot read the " + file.describe() + " (" + e.getClass().getSimpleName() + ")");
    }
    if (bytes.length > MAX_SECRET_BYTES) {
      throw new Unavailable(key + "File: the " + file.describe() + " is larger than " + MAX_SECRET_BYTES + " bytes");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new Unavailable(key + "File: the " + file.describe() + " is not UTF-8 text");
    }
    // secret mounts and `echo` end the file with a line break that is no part of the secret
    return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
        : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  /** A token or header value goes into a header as it is: printable ASCII only. */
  private static String headerValue(String value, String key, SecretRef ref) throws Unavailable {
    if (!value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7f)) {
      throw new Unavailable(key + ": the " + ref.describe() + " holds characters an HTTP header cannot carry (printable ASCII only)");
    }
    return value;
  }

  @Override
  public String toString() {
    return "Credentials[origin=" + origin + ", headers=" + headers.keySet() + "]";
  }
}
