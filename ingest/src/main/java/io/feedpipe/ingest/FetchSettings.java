package io.feedpipe.ingest;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How feeds are fetched. Every bound here is enforced per request.
 *
 * @param userAgent the {@code User-Agent} product token ({@code fetch.userAgent}, default {@code
 *     feedpipe/0.1})
 * @param contact a URL or mail address appended to the User-Agent so site owners can reach the
 *     operator ({@code fetch.contact}, default none)
 * @param connectTimeout time allowed to open the TCP/TLS connection ({@code fetch.connectTimeout},
 *     default 10 s)
 * @param readTimeout longest silence allowed while reading ({@code fetch.readTimeout}, default 20 s)
 * @param callTimeout whole-request deadline including every redirect and the body, so a server
 *     dripping bytes cannot hold a worker ({@code fetch.callTimeout}, default 60 s)
 * @param maxBodyBytes largest body accepted, counted after gzip/deflate decoding ({@code
 *     fetch.maxBodyBytes}, default 10 MiB)
 * @param maxRedirects redirect hops followed, each re-checked by the address guard ({@code
 *     fetch.maxRedirects}, default 5)
 * @param allowedAddresses CIDR blocks the address guard lets through although they are loopback,
 *     private, link-local, … ({@code fetch.allowedAddresses}, default none)
 * @param perHostConcurrency requests in flight to one host at most ({@code
 *     fetch.perHostConcurrency}, default 2)
 * @param perHostMinGap minimum time between the starts of two requests to one host ({@code
 *     fetch.perHostMinGap}, default 200 ms)
 * @param deadLetterHeadBytes how much of an unreadable body a dead letter keeps ({@code
 *     fetch.deadLetterHeadBytes}, default 4096)
 */
public record FetchSettings(
    String userAgent,
    Optional<String> contact,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    long maxBodyBytes,
    int maxRedirects,
    List<String> allowedAddresses,
    int perHostConcurrency,
    Duration perHostMinGap,
    int deadLetterHeadBytes) {

  public FetchSettings {
    requireNonNull(userAgent, "fetch.userAgent");
    requireNonNull(contact, "fetch.contact");
    Settings.positive(connectTimeout, "fetch.connectTimeout");
    Settings.positive(readTimeout, "fetch.readTimeout");
    Settings.positive(callTimeout, "fetch.callTimeout");
    Settings.check(maxBodyBytes > 0, maxBodyBytes, "fetch.maxBodyBytes", "must be positive");
    Settings.check(maxRedirects >= 0 && maxRedirects <= 20, maxRedirects, "fetch.maxRedirects", "must be 0..20");
    allowedAddresses = List.copyOf(allowedAddresses);
    for (String cidr : allowedAddresses) {
      try {
        Cidr.parse(cidr);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Invalid value " + cidr + " for configuration fetch.allowedAddresses: " + e.getMessage(), e);
      }
    }
    Settings.check(perHostConcurrency >= 1, perHostConcurrency, "fetch.perHostConcurrency", "must be at least 1");
    Settings.notNegative(perHostMinGap, "fetch.perHostMinGap");
    Settings.check(deadLetterHeadBytes >= 0 && deadLetterHeadBytes <= 65536, deadLetterHeadBytes,
        "fetch.deadLetterHeadBytes", "must be 0..65536");
    if (userAgent.isBlank()) {
      throw new IllegalArgumentException("Invalid value '' for configuration fetch.userAgent: must not be blank");
    }
  }

  /** The defaults listed on each component. */
  public static FetchSettings defaults() {
    return new FetchSettings("feedpipe/0.1", Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(20),
        Duration.ofSeconds(60), 10L * 1024 * 1024, 5, List.of(), 2, Duration.ofMillis(200), 4096);
  }

  /** These settings with other {@code fetch.allowedAddresses} (for {@code --allow-address}). */
  public FetchSettings withAllowedAddresses(List<String> cidrs) {
    return new FetchSettings(userAgent, contact, connectTimeout, readTimeout, callTimeout, maxBodyBytes,
        maxRedirects, cidrs, perHostConcurrency, perHostMinGap, deadLetterHeadBytes);
  }

  /** The full {@code User-Agent} header value. */
  String userAgentHeader() {
    return contact.map(c -> userAgent + " (+" + c + ")").orElse(userAgent);
  }
}
