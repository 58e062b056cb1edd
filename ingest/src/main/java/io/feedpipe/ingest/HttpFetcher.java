package io.feedpipe.ingest;

import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.Redaction;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Fetches http and https feeds with OkHttp: conditional GET, gzip/deflate, redirects followed by
 * hand (at most {@code fetch.maxRedirects}, each hop re-checked by the address guard, never from
 * https down to http), connect/read time-outs and a whole-fetch deadline ({@code fetch.callTimeout})
 * spanning all hops and the body, and the body cap. A private feed's credentials go with each hop
 * on the feed's own origin only (scheme, host and port): never across a redirect to another origin,
 * as curl and browsers do, and never in the request line (userinfo is sent as a header, if at all).
 * Thread-safe; owns an OkHttp client that {@link #close()} shuts down.
 */
final class HttpFetcher implements AutoCloseable {
  private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])(?:s-)?max-age\\s*=\\s*\"?(\\d{1,10})");

  private final FetchSettings settings;
  private final AddressGuard guard;
  private final OkHttpClient client;
  private final HostGates gates;
  private final InstantSource clock;

  HttpFetcher(FetchSettings settings, GuardedDns.Resolver resolver, InstantSource clock) {
    this.settings = settings;
    this.guard = new AddressGuard(settings.allowedAddresses());
    this.clock = clock;
    this.gates = new HostGates(settings.perHostConcurrency(), settings.perHostMinGap());
    this.client = new OkHttpClient.Builder()
        .dns(new GuardedDns(guard, resolver))
        .proxy(Proxy.NO_PROXY) // a proxy would connect to addresses the guard never saw
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.readTimeout())
        .callTimeout(settings.callTimeout())
        .connectionPool(new ConnectionPool(64, 2, TimeUnit.MINUTES))
        .build();
  }

  /**
   * Fetches {@code url}, sending the validators when present, and {@code credentials} to the hops on
   * their origin.
   *
   * @throws InterruptedException when the calling thread is interrupted while waiting or reading
   */
  FetchOutcome fetch(URI url, Optional<String> etag, Optional<String> lastModified, Credentials credentials)
      throws InterruptedException {
    long deadline = System.nanoTime() + settings.callTimeout().toNanos();
    URI current = url;
    Optional<URI> movedTo = Optional.empty();
    boolean allPermanent = true;
    Set<URI> visited = new HashSet<>();
    for (int hop = 0; ; hop++) {
      visited.add(current);
      HttpUrl parsed = HttpUrl.parse(current.toString());
      if (parsed == null) {
        return failed(PollOutcome.REFUSED, "refused", current + ": not an http or https URL", movedTo);
      }
      // userinfo a redirect put into a URL is not sent: not as a header, and OkHttp never puts it on the wire
      HttpUrl httpUrl = parsed.newBuilder().username("").password("").build();
      Optional<String> literalRefusal = AddressClassifier.parseLiteral(httpUrl.host()).flatMap(guard::refusal);
      if (literalRefusal.isPresent()) {
        return failed(PollOutcome.REFUSED, "refused", current + ": refused by the address guard: " + literalRefusal.get(), movedTo);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return failed(PollOutcome.NETWORK_ERROR, "timeout", current + ": no response within " + settings.callTimeout()
            + " (limit fetch.callTimeout)", movedTo);
      }
      Request.Builder request = new Request.Builder().url(httpUrl).get()
          .header("User-Agent", settings.userAgentHeader())
          .header("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
              + "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8")
          .header("Accept-Encoding", "gzip, deflate");
      // A validator a server sent with non-ASCII or control characters cannot be sent back.
      etag.filter(HttpFetcher::isHeaderSafe).ifPresent(v -> request.header("If-None-Match", v));
      lastModified.filter(HttpFetcher::isHeaderSafe).ifPresent(v -> request.header("If-Modified-Since", v));
      credentials.headersFor(httpUrl).forEach(request::header);
      Call call = client.newCall(request.build());
      call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
      try (HostGates.Permit permit = gates.acquire(httpUrl.host());
          Response response = call.execute()) {
        int code = response.code();
        if (isRedirect(code)) {
          String location = response.header("Location");
          if (location == null || location.isBlank()) {
            return httpFailed(code, "redirect", current + ": HTTP " + code + " without a Location header", movedTo, Optional.empty());
          }
          URI next;
          try {
            next = current.resolve(location.strip());
          } catch (IllegalArgumentException e) {
            return httpFailed(code, "redirect", current + ": HTTP " + code + " to an invalid Location '" + location + "'", movedTo, Optional.empty());
          }
          Optional<String> refusal = redirectRefusal(current, next);
          if (refusal.isPresent()) {
            return failed(PollOutcome.REFUSED, "refused", refusal.get(), movedTo);
          }
          if (visited.contains(next)) {
            return httpFailed(code, "redirect", current + ": redirect loop back to " + next, movedTo, Optional.empty());
          }
          if (hop + 1 > settings.maxRedirects()) {
            return httpFailed(code, "redirect", url + ": more than " + settings.maxRedirects()
                + " redirects (limit fetch.maxRedirects), last to " + next, movedTo, Optional.empty());
          }
          allPermanent &= code == 301 || code == 308;
          if (allPermanent) {
            movedTo = Optional.of(next);
          }
          current = next;
          continue;
        }
        Optional<String> newEtag = Optional.ofNullable(response.header("ETag")).or(() -> etag);
        Optional<String> newLastModified = Optional.ofNullable(response.header("Last-Modified")).or(() -> lastModified);
        Optional<Duration> freshFor = freshness(response);
        if (code == 304) {
          return new FetchOutcome.NotModified(movedTo, newEtag, newLastModified, freshFor);
        }
        if (code == 410) {
          return new FetchOutcome.Failed(PollOutcome.HTTP_ERROR, "gone", current + ": HTTP 410 Gone; the feed is disabled",
              Optional.of(code), Optional.empty(), movedTo, true, 0);
        }
        if (code < 200 || code > 299) {
          Optional<Duration> retryAfter = (code == 429 || code == 503)
              ? retryAfter(response.header("Retry-After")) : Optional.empty();
          return httpFailed(code, "http-status", current + ": HTTP " + code
              + retryAfter.map(d -> ", Retry-After " + d.toSeconds() + " s").orElse("")
              + authHint(code, credentials, httpUrl), movedTo, retryAfter);
        }
        byte[] body = LimitedBody.read(response.body().byteStream(),
            Optional.ofNullable(response.header("Content-Encoding")).orElse(""), settings.maxBodyBytes(), current.toString());
        return new FetchOutcome.Fetched(body, Optional.ofNullable(response.header("Content-Type")), current, movedTo,
            newEtag, newLastModified, freshFor, code);
      } catch (BodyTooLargeException e) {
        return failed(PollOutcome.NETWORK_ERROR, "too-large", e.getMessage(), movedTo);
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException(Redaction.url(current) + ": interrupted");
        }
        return ioFailure(current, e, movedTo);
      }
    }
  }

  /** What a 401 or 403 most likely means, given whether credentials went with the request. */
  private static String authHint(int code, Credentials credentials, HttpUrl hop) {
    if (code != 401 && code != 403) {
      return "";
    }
    if (credentials.isEmpty()) {
      return " (the feed may need credentials: auth or headers in the feeds file)";
    }
    return credentials.headersFor(hop).isEmpty()
        ? " (the feed's credentials go to the origin of its configured URL only, not across a redirect to "
            + hop.scheme() + "://" + hop.host() + ":" + hop.port() + ": give the feed its new URL)"
        : " (the server refused the feed's credentials: check its auth or headers)";
  }

  private static boolean isHeaderSafe(String value) {
    return value.length() <= 1024 && value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f));
  }

  /** Why a redirect from {@code current} to {@code next} is not followed: another scheme, or https down to http. */
  static Optional<String> redirectRefusal(URI current, URI next) {
    String scheme = Optional.ofNullable(next.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of(current + ": redirect to " + next + " refused: only http and https are fetched");
    }
    if ("https".equalsIgnoreCase(current.getScheme()) && scheme.equals("http")) {
      return Optional.of(current + ": redirect to " + next + " refused: no downgrade from https to http");
    }
    return Optional.empty();
  }

  private FetchOutcome.Failed ioFailure(URI url, IOException e, Optional<URI> movedTo) {
    AddressRefusedException refused = causeOf(e, AddressRefusedException.class);
    if (refused != null) {
      return failed(PollOutcome.REFUSED, "refused", url + ": " + refused.getMessage(), movedTo);
    }
    if (causeOf(e, UnknownHostException.class) != null) {
      return failed(PollOutcome.NETWORK_ERROR, "dns", url + ": host not found (" + e.getMessage() + ")", movedTo);
    }
    if (e instanceof InterruptedIOException || causeOf(e, SocketTimeoutException.class) != null) {
      String which = Optional.ofNullable(e.getMessage()).orElse("");
      String limit = which.contains("connect") ? "fetch.connectTimeout " + settings.connectTimeout()
          : which.equals("timeout") || which.contains("Canceled") ? "fetch.callTimeout " + settings.callTimeout()
          : "fetch.readTimeout " + settings.readTimeout() + " / fetch.callTimeout " + settings.callTimeout();
      return failed(PollOutcome.NETWORK_ERROR, "timeout", url + ": timed out (" + which + "; limit " + limit + ")", movedTo);
    }
    if (causeOf(e, ConnectException.class) != null) {
      return failed(PollOutcome.NETWORK_ERROR, "connect", url + ": connection failed (" + e.getMessage() + ")", movedTo);
    }
    return failed(PollOutcome.NETWORK_ERROR, "io", url + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), movedTo);
  }

  private static <T extends Throwable> @org.jspecify.annotations.Nullable T causeOf(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      for (Throwable s : c.getSuppressed()) {
        if (type.isInstance(s)) {
          return type.cast(s);
        }
      }
    }
    return null;
  }

  private static FetchOutcome.Failed failed(PollOutcome outcome, String kind, String message, Optional<URI> movedTo) {
    return new FetchOutcome.Failed(outcome, kind, message, Optional.empty(), Optional.empty(), movedTo, false, 0);
  }

  private static FetchOutcome.Failed httpFailed(int code, String kind, String message, Optional<URI> movedTo,
      Optional<Duration> retryAfter) {
    return new FetchOutcome.Failed(PollOutcome.HTTP_ERROR, kind, message, Optional.of(code), retryAfter, movedTo, false, 0);
  }

  private static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date; empty when absent or unreadable. */
  Optional<Duration> retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.strip();
    if (value.chars().allMatch(Character::isDigit)) {
      return value.length() > 9 ? Optional.of(Duration.ofSeconds(999_999_999)) : Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    return httpDate(value).map(at -> {
      Duration d = Duration.between(clock.instant(), at);
      return d.isNegative() ? Duration.ZERO : d;
    });
  }

  private Optional<Duration> freshness(Response response) {
    String cacheControl = response.header("Cache-Control");
    if (cacheControl != null) {
      String cc = cacheControl.toLowerCase(Locale.ROOT);
      Matcher m = MAX_AGE.matcher(cc);
      if (m.find()) {
        return Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1))));
      }
      if (cc.contains("no-cache") || cc.contains("no-store")) {
        return Optional.empty();
      }
    }
    String expires = response.header("Expires");
    if (expires == null) {
      return Optional.empty();
    }
    Instant base = Optional.ofNullable(response.header("Date")).flatMap(HttpFetcher::httpDate).orElse(clock.instant());
    return httpDate(expires).map(at -> Duration.between(base, at)).filter(d -> !d.isNegative());
  }

  static Optional<Instant> httpDate(String value) {
    try {
      return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Visible for tests: whether a literal host would be refused before any connection. */
  Optional<String> refusal(InetAddress address) {
    return guard.refusal(address);
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
