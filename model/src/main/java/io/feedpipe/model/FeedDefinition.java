package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A feed as the operator configured it.
 *
 * <p>A private feed's credentials are references ({@link SecretRef}: an environment variable or a
 * file), read at each fetch and sent to the feed's own origin only; the definition never holds a
 * secret except one written into the URL: userinfo, which {@link #of} moves into {@link
 * FeedAuth.Basic} with an {@link SecretRef.Inline} password, and the values of secret query
 * parameters ({@code ?token=…}), which the URL needs. {@link #carriesSecretValues()} says whether it
 * holds either, for whatever would write definitions out. Wherever the URL is shown it goes through
 * {@link Redaction#url}.
 *
 * @param id stable identity of the feed: the key of its feed-state and feed-status records
 * @param url where to fetch it: {@code http}, {@code https} or {@code file}; never with userinfo
 * @param name a human name, when given
 * @param tags free-form labels from the feeds file
 * @param interval the poll interval, when overridden for this feed
 * @param zoneAbbreviations time-zone abbreviations this feed's dates use (for example {@code IST ->
 *     Asia/Kolkata}), overriding the defaults
 * @param auth Basic or bearer authentication, when the feed is private
 * @param headers further request headers whose values are secrets (for example {@code X-Api-Key}),
 *     by header name
 */
public record FeedDefinition(
    String id,
    URI url,
    Optional<String> name,
    List<String> tags,
    Optional<Duration> interval,
    Map<String, String> zoneAbbreviations,
    Optional<FeedAuth> auth,
    Map<String, SecretRef> headers) {

  /** Headers feedpipe sets itself or that HTTP reserves: a feed may not set them. */
  public static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
      "connection", "accept-encoding", "if-none-match", "if-modified-since");

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  public FeedDefinition {
    requireNonNull(id, "id");
    requireNonNull(url, "url");
    requireNonNull(name, "name");
    tags = List.copyOf(tags);
    requireNonNull(interval, "interval");
    zoneAbbreviations = Map.copyOf(zoneAbbreviations);
    requireNonNull(auth, "auth");
    headers = Map.copyOf(headers);
    if (id.isBlank()) {
      throw new IllegalArgumentException("feed id must not be blank");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the URL of feed " + id + " (" + Redaction.url(url)
          + ") carries userinfo: FeedDefinition.of moves it into auth");
    }
    Set<String> headerNames = new HashSet<>();
    for (String header : headers.keySet()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (!HEADER_NAME.matcher(header).matches()) {
        throw new IllegalArgumentException("'" + header + "' is not an HTTP header name");
      }
      if (RESERVED_HEADERS.contains(lower) || lower.equals("authorization") && auth.isPresent()) {
        throw new IllegalArgumentException("header " + header + " cannot be set for a feed"
            + (lower.equals("authorization") ? " that has auth" : ": feedpipe or HTTP sets it"));
      }
      if (!headerNames.add(lower)) {
        throw new IllegalArgumentException("header " + header + " is given twice");
      }
    }
  }

  /** A public feed: no auth, no secret headers. */
  public FeedDefinition(String id, URI url, Optional<String> name, List<String> tags, Optional<Duration> interval,
      Map<String, String> zoneAbbreviations) {
    this(id, url, name, tags, interval, zoneAbbreviations, Optional.empty(), Map.of());
  }

  /**
   * A feed known only by its URL; its id is derived from the URL as given. Userinfo in the URL
   * ({@code https://alice:s3cret@host/feed.xml}) becomes its {@link FeedAuth.Basic} auth and is
   * removed from the URL, so the id stays what it was and the password is sent as a header only.
   */
  public static FeedDefinition of(URI url) {
    requireNonNull(url, "url");
    String id = idFor(url);
    String userInfo = url.getUserInfo();
    if (url.getRawUserInfo() == null) {
      return new FeedDefinition(id, url, Optional.empty(), List.of(), Optional.empty(), Map.of());
    }
    int colon = userInfo.indexOf(':');
    FeedAuth basic = new FeedAuth.Basic(colon < 0 ? userInfo : userInfo.substring(0, colon),
        new SecretRef.Inline(colon < 0 ? "" : userInfo.substring(colon + 1)));
    return new FeedDefinition(id, withoutUserInfo(url), Optional.empty(), List.of(), Optional.empty(), Map.of(),
        Optional.of(basic), Map.of());
  }

  /**
   * Whether this definition holds a secret itself rather than a reference to one: a password from
   * the URL's userinfo, or a secret query parameter's value. Whatever writes definitions where
   * others read them (a topic) refuses such a one, or asks for a reference instead.
   */
  public boolean carriesSecretValues() {
    return !Redaction.url(url).equals(url)
        || auth.filter(a -> a instanceof FeedAuth.Basic b && b.password() instanceof SecretRef.Inline).isPresent()
        || headers.values().stream().anyMatch(SecretRef.Inline.class::isInstance);
  }

  /** {@code url} without its userinfo, every other part as written. */
  private static URI withoutUserInfo(URI url) {
    String authority = url.getRawAuthority();
    StringBuilder out = new StringBuilder(url.getScheme()).append("://")
        .append(authority.substring(authority.lastIndexOf('@') + 1))
        .append(Optional.ofNullable(url.getRawPath()).orElse(""));
    Optional.ofNullable(url.getRawQuery()).ifPresent(q -> out.append('?').append(q));
    Optional.ofNullable(url.getRawFragment()).ifPresent(f -> out.append('#').append(f));
    return URI.create(out.toString());
  }

  /** The id feedpipe derives from a feed URL when the feeds file gives none: 16 hex digits of its SHA-256. */
  public static String idFor(URI url) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
