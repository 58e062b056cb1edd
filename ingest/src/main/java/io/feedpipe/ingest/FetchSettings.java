package io.feedpipe.ingest;

import io.feedpipe.config.Checks;
import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingType;
import io.feedpipe.config.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How feeds are fetched. Every bound here is enforced per request. Each component is the setting of
 * the same name below, where its default and rule are written; build it with {@link
 * #from(SettingValues)}.
 *
 * @param userAgent {@link #USER_AGENT}
 * @param contact {@link #CONTACT}
 * @param connectTimeout {@link #CONNECT_TIMEOUT}
 * @param readTimeout {@link #READ_TIMEOUT}
 * @param callTimeout {@link #CALL_TIMEOUT}: a server dripping bytes cannot hold a worker longer
 * @param maxBodyBytes {@link #MAX_BODY_BYTES}
 * @param maxRedirects {@link #MAX_REDIRECTS}
 * @param allowedAddresses {@link #ALLOWED_ADDRESSES}
 * @param perHostConcurrency {@link #PER_HOST_CONCURRENCY}
 * @param perHostMinGap {@link #PER_HOST_MIN_GAP}
 * @param deadLetterHeadBytes {@link #DEAD_LETTER_HEAD_BYTES}
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

  public static final Setting<String> USER_AGENT = Setting.of("fetch.userAgent", SettingType.nonBlank(),
      "feedpipe/0.1", "Product token of the User-Agent header.");
  public static final Setting<String> CONTACT = Setting.optional("fetch.contact", SettingType.nonBlank(),
      "Contact (URL or e-mail) added to the User-Agent so feed owners can reach you.");
  public static final Setting<Duration> CONNECT_TIMEOUT = Setting.of("fetch.connectTimeout",
      SettingType.positiveDuration(), Duration.ofSeconds(10), "Time-out for opening a connection (TCP and TLS).");
  public static final Setting<Duration> READ_TIMEOUT = Setting.of("fetch.readTimeout",
      SettingType.positiveDuration(), Duration.ofSeconds(20), "Longest silence while reading a response.");
  public static final Setting<Duration> CALL_TIMEOUT = Setting.of("fetch.callTimeout",
      SettingType.positiveDuration(), Duration.ofSeconds(60), "Deadline for a whole fetch, redirects and body included.");
  public static final Setting<Long> MAX_BODY_BYTES = Setting.of("fetch.maxBodyBytes",
      SettingType.sizeBytes(1, Long.MAX_VALUE), 10L * 1024 * 1024,
      "Largest feed body accepted, counted after gzip/deflate decoding.");
  public static final Setting<Integer> MAX_REDIRECTS = Setting.of("fetch.maxRedirects",
      SettingType.integer(0, 20), 5, "Redirect hops followed, each re-checked by the address guard.");
  public static final Setting<List<String>> ALLOWED_ADDRESSES = Setting.of("fetch.allowedAddresses",
      SettingType.list().and(FetchSettings::checkCidrs), List.of(),
      "CIDRs the address guard allows although they are loopback, private or link-local (e.g. `127.0.0.1/32`).");
  public static final Setting<Integer> PER_HOST_CONCURRENCY = Setting.of("fetch.perHostConcurrency",
      SettingType.integer(1, Integer.MAX_VALUE), 2, "Requests in flight to one host at most.");
  public static final Setting<Duration> PER_HOST_MIN_GAP = Setting.of("fetch.perHostMinGap",
      SettingType.nonNegativeDuration(), Duration.ofMillis(200),
      "Minimum time between the starts of two requests to one host.");
  public static final Setting<Integer> DEAD_LETTER_HEAD_BYTES = Setting.of("fetch.deadLetterHeadBytes",
      SettingType.integer(0, 65_536), 4096, "How much of an unreadable body a dead letter keeps.");

  /** Every {@code fetch.*} setting, in the order of the settings table. */
  public static final List<Setting<?>> SETTINGS = List.of(USER_AGENT, CONTACT, CONNECT_TIMEOUT, READ_TIMEOUT,
      CALL_TIMEOUT, MAX_BODY_BYTES, MAX_REDIRECTS, ALLOWED_ADDRESSES, PER_HOST_CONCURRENCY, PER_HOST_MIN_GAP,
      DEAD_LETTER_HEAD_BYTES);

  public FetchSettings {
    allowedAddresses = List.copyOf(allowedAddresses);
    Checks checks = new Checks().value(USER_AGENT, userAgent).value(CONNECT_TIMEOUT, connectTimeout)
        .value(READ_TIMEOUT, readTimeout).value(CALL_TIMEOUT, callTimeout).value(MAX_BODY_BYTES, maxBodyBytes)
        .value(MAX_REDIRECTS, maxRedirects).value(ALLOWED_ADDRESSES, allowedAddresses)
        .value(PER_HOST_CONCURRENCY, perHostConcurrency).value(PER_HOST_MIN_GAP, perHostMinGap)
        .value(DEAD_LETTER_HEAD_BYTES, deadLetterHeadBytes);
    contact.ifPresent(c -> checks.value(CONTACT, c));
    checks.throwIfAny();
  }

  /** The settings as {@code values} gives them. */
  public static FetchSettings from(SettingValues values) {
    return new FetchSettings(values.get(USER_AGENT), values.find(CONTACT), values.get(CONNECT_TIMEOUT),
        values.get(READ_TIMEOUT), values.get(CALL_TIMEOUT), values.get(MAX_BODY_BYTES), values.get(MAX_REDIRECTS),
        values.get(ALLOWED_ADDRESSES), values.get(PER_HOST_CONCURRENCY), values.get(PER_HOST_MIN_GAP),
        values.get(DEAD_LETTER_HEAD_BYTES));
  }

  /** Every setting at its default. */
  public static FetchSettings defaults() {
    return from(SettingValues.defaults());
  }

  /** The full {@code User-Agent} header value. */
  String userAgentHeader() {
    return contact.map(c -> userAgent + " (+" + c + ")").orElse(userAgent);
  }

  private static void checkCidrs(List<String> cidrs) {
    for (String cidr : cidrs) {
      try {
        Cidr.parse(cidr);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(cidr + ": " + e.getMessage(), e);
      }
    }
  }
}
