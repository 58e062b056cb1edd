package io.feedpipe.ingest;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.DeadLetter;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.FeedState;
import io.feedpipe.model.FeedStatus;
import io.feedpipe.model.PollOutcome;
import io.feedpipe.model.RawItem;
import io.feedpipe.model.Redaction;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one feed: fetches it (conditional GET, redirects, time-outs, body cap, address guard,
 * per-host politeness; or a {@code file:} path) and reads it (RSS, Atom, JSON Feed).
 *
 * <p>Thread-safe: one instance serves every feed, on as many (virtual) threads as the caller
 * likes. It owns an HTTP client and its connection pool; the creator closes it.
 */
public final class FeedIngestor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedIngestor.class);

  private final IngestSettings settings;
  private final InstantSource clock;
  private final HttpFetcher http;
  private final FeedParser parser = new FeedParser();
  private final NextPoll nextPoll;
  private final FeedMemory memory = new FeedMemory();
  private final IngestMetrics metrics = new IngestMetrics();
  private final Map<Map<String, String>, DateParser> dateParsers = new java.util.concurrent.ConcurrentHashMap<>();
  private final UnaryOperator<String> env;

  private FeedIngestor(IngestSettings settings, InstantSource clock, GuardedDns.Resolver resolver,
      UnaryOperator<String> env) {
    this.settings = settings;
    this.clock = clock;
    this.env = env;
    this.http = new HttpFetcher(settings.fetch(), resolver, clock);
    this.nextPoll = new NextPoll(settings.schedule(), () -> ThreadLocalRandom.current().nextLong());
  }

  /** An ingestor using the system's name resolution. */
  public static FeedIngestor create(IngestSettings settings, InstantSource clock) {
    return new FeedIngestor(requireNonNull(settings, "settings"), requireNonNull(clock, "clock"),
        GuardedDns.Resolver.SYSTEM, System::getenv);
  }

  /** For tests: resolves host names with {@code resolver} instead of the system (the guard still applies). */
  static FeedIngestor create(IngestSettings settings, InstantSource clock, GuardedDns.Resolver resolver) {
    return new FeedIngestor(settings, clock, resolver, System::getenv);
  }

  /** For tests: reads the environment variables that credentials name from {@code env}. */
  static FeedIngestor withEnvironment(IngestSettings settings, InstantSource clock, UnaryOperator<String> env) {
    return new FeedIngestor(settings, clock, GuardedDns.Resolver.SYSTEM, env);
  }

  /** ingest's meters (see {@code IngestMetrics}); bind them to the app's registry. */
  public MeterBinder metrics() {
    return metrics;
  }

  /**
   * Fetches (conditional GET from {@code previous.etag}/{@code lastModified}, at {@link
   * FeedState#urlFor previous.urlFor(feed)}: the configured URL or where a 301 moved it) and parses
   * one feed. When the feeds file gave the feed another URL since {@code previous} was written, the
   * feed moves there ({@link FeedState#configuredAs}), which is logged. Never throws for anything
   * the feed or the network does: every failure becomes data in the result. Blocks for at most
   * about {@code fetch.callTimeout} plus the per-host wait — call it on a virtual thread.
   *
   * @throws InterruptedException when the calling thread is interrupted (for example at shutdown)
   */
  public IngestResult poll(FeedDefinition feed, FeedState previous) throws InterruptedException {
    requireNonNull(feed, "feed");
    requireNonNull(previous, "previous");
    Instant polledAt = clock.instant();
    FeedState stored = previous;
    previous = stored.configuredAs(feed);
    if (!previous.url().equals(stored.url())) {
      LOG.info("{}: feed {} moved to {}: its URL was changed in the feeds file", stored.url(), feed.id(), previous.url());
    }
    URI url = previous.urlFor(feed); // with the configured URL's secrets; every record made of it shows it redacted
    if (previous.disabledReason().isPresent()) {
      FeedStatus status = new FeedStatus(previous.feedId(), url, polledAt, PollOutcome.HTTP_ERROR, Optional.empty(),
          Optional.of("disabled"), Optional.of(url + ": not polled: the feed is disabled (" + previous.disabledReason().get() + ")"),
          0, Optional.empty(), previous.disabledReason(), List.of());
      return new IngestResult(withPoll(previous, polledAt), status, List.of(), List.of(), Duration.ZERO, 0);
    }
    long started = System.nanoTime();
    try {
      return pollUnguarded(feed, previous, url, polledAt, started);
    } catch (RuntimeException e) {
      // A bug of ours or a library's must not stop the feed: report it like any failure.
      LOG.error("{}: unexpected failure while polling", Redaction.url(url), e);
      return failed(feed, previous, url, polledAt, PollOutcome.NETWORK_ERROR, "internal",
          url + ": unexpected failure: " + e, Optional.empty(), Optional.empty(), false, List.of(),
          Duration.ofNanos(System.nanoTime() - started), 0);
    }
  }

  private IngestResult pollUnguarded(FeedDefinition feed, FeedState previous, URI url, Instant polledAt, long started)
      throws InterruptedException {
    FetchOutcome fetched = fetch(feed, url, previous);
    Duration fetchDuration = Duration.ofNanos(System.nanoTime() - started);
    Optional<URI> movedTo = fetched.movedTo().filter(to -> remembersSecretsOf(to, feed));
    URI currentUrl = movedTo.orElse(url);
    if (movedTo.isPresent()) {
      LOG.info("{}: moved permanently to {}", Redaction.url(url), Redaction.url(currentUrl));
    } else if (fetched.movedTo().isPresent()) {
      LOG.info("{}: moved permanently to {}, whose secrets are not those of the configured URL: not remembered, so "
          + "every poll is redirected; give the feed its new URL", Redaction.url(url), Redaction.url(fetched.movedTo().get()));
    }
    IngestResult result = switch (fetched) {
      case FetchOutcome.Fetched f -> fetchedBody(feed, previous, f, currentUrl, polledAt, fetchDuration);
      case FetchOutcome.NotModified n -> {
        // The interval of the last 200 (with its <ttl> / sy:updatePeriod) still holds.
        Duration interval = memory.get(previous.feedId()).map(FeedMemory.Entry::interval)
            .orElseGet(() -> nextPoll.baseInterval(feed.interval()));
        Duration next = nextPoll.jittered(interval, n.freshFor().stream().toList());
        FeedState state = success(feed, previous, currentUrl, n.etag(), n.lastModified(), polledAt, next);
        yield new IngestResult(state, status(state, polledAt, PollOutcome.NOT_MODIFIED, Optional.of(304),
            Optional.empty(), Optional.empty()), List.of(), List.of(), fetchDuration, 0);
      }
      case FetchOutcome.Failed f -> failed(feed, previous, currentUrl, polledAt, f.outcome(), f.errorKind(), f.message(),
          f.httpStatus(), f.retryAfter(), f.gone(), List.of(), fetchDuration, f.bytesRead());
    };
    if (result.status().errorKind().isPresent()) {
      LOG.debug("{}", result.status().message().orElse(""));
    }
    return result;
  }

  /**
   * Whether the state can remember {@code movedTo}: it keeps URLs redacted and takes their secrets
   * back from the configured URL, which works only when {@code movedTo} carries those same secrets.
   */
  private static boolean remembersSecretsOf(URI movedTo, FeedDefinition feed) {
    return Redaction.restore(Redaction.url(movedTo), feed.url()).equals(movedTo);
  }

  private FetchOutcome fetch(FeedDefinition feed, URI url, FeedState previous) throws InterruptedException {
    String scheme = Optional.ofNullable(url.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if (scheme.equals("http") || scheme.equals("https")) {
      Credentials credentials;
      try {
        credentials = Credentials.of(feed, env);
      } catch (Credentials.Unavailable e) {
        return FetchOutcome.Failed.of(PollOutcome.REFUSED, "credentials", url + ": not fetched: " + e.getMessage());
      }
      return http.fetch(url, previous.etag(), previous.lastModified(), credentials);
    }
    return switch (scheme) {
      case "file" -> FileFetcher.fetch(url, previous.lastModified(), settings.fetch().maxBodyBytes());
      default -> FetchOutcome.Failed.of(PollOutcome.REFUSED, "refused",
          url + ": scheme '" + scheme + "' refused: only http, https and file are fetched");
    };
  }

  private IngestResult fetchedBody(FeedDefinition feed, FeedState previous, FetchOutcome.Fetched f, URI currentUrl,
      Instant polledAt, Duration fetchDuration) {
    ParseOutcome parsed = parser.parse(f.body(), f.contentType(), Optional.of(f.finalUrl()));
    if (parsed instanceof ParseOutcome.Unreadable(String kind, String message)) {
      String fullMessage = currentUrl + ": " + message;
      DeadLetter letter = deadLetter(previous.feedId(), currentUrl, kind, fullMessage, f.body(), polledAt);
      return failed(feed, previous, currentUrl, polledAt, PollOutcome.PARSE_ERROR, kind, fullMessage,
          Optional.of(f.httpStatus()), Optional.empty(), false, List.of(letter), fetchDuration, f.body().length);
    }
    ParsedFeed parsedFeed = ((ParseOutcome.Parsed) parsed).feed();
    int maxItems = settings.parse().maxItemsPerFeed();
    if (parsedFeed.entries().size() > maxItems) {
      parsedFeed = parsedFeed.firstEntries(maxItems, parsedFeed.entries().size() + " items; only the first " + maxItems
          + " were read (limit parse.maxItemsPerFeed)");
    }
    FeedInfo info = FeedInfo.of(feed, currentUrl, parsedFeed.title());
    List<RawItem> items = ItemMapper.items(parsedFeed, info, polledAt, dateParser(feed),
        settings.parse().futureTolerance());
    List<String> identities = items.stream().map(RawItem::identity).toList();
    boolean everyItemNew = memory.everyItemNew(previous.feedId(), identities);
    if (everyItemNew) {
      metrics.allItemsNew();
    }
    metrics.dateProblems((int) items.stream().filter(i -> !i.dateProblems().isEmpty()).count());
    metrics.repairs(parsedFeed.repairs());
    items.forEach(i -> metrics.repairs(i.quality().repairs().stream()
        .filter(r -> !r.where().startsWith(ItemMapper.FEED_PREFIX)).toList()));
    List<DeadLetter> unreadable = parsedFeed.unreadable().stream()
        .map(u -> entryDeadLetter(previous.feedId(), currentUrl, u, polledAt)).toList();
    List<Instant> dates = items.stream().flatMap(i -> i.publishedAt().stream()).toList();
    List<Duration> publisherBounds = Stream.of(parsedFeed.ttl(), parsedFeed.updatePeriod())
        .flatMap(Optional::stream).toList();
    Duration interval = nextPoll.interval(feed.interval(), dates, everyItemNew, publisherBounds);
    memory.put(previous.feedId(), identities, interval);
    Duration next = nextPoll.jittered(interval, f.freshFor().stream().toList());
    FeedState state = success(feed, previous, currentUrl, f.etag(), f.lastModified(), polledAt, next);
    List<String> said = new ArrayList<>(parsedFeed.notes());
    if (!unreadable.isEmpty()) {
      said.add(unreadable.size() + " entr" + (unreadable.size() == 1 ? "y" : "ies") + " could not be read (see dead letters)");
    }
    Optional<String> note = said.isEmpty() ? Optional.empty()
        : Optional.of(currentUrl + ": read leniently: " + String.join("; ", said));
    FeedStatus status = new FeedStatus(state.feedId(), state.url(), polledAt, PollOutcome.OK, Optional.of(f.httpStatus()),
        Optional.empty(), note, 0, state.nextDueAt(), state.disabledReason(), parsedFeed.repairs());
    return new IngestResult(state, status, items, unreadable, fetchDuration, f.body().length);
  }

  private IngestResult failed(FeedDefinition feed, FeedState previous, URI currentUrl, Instant polledAt,
      PollOutcome outcome, String kind, String message, Optional<Integer> httpStatus, Optional<Duration> retryAfter,
      boolean gone, List<DeadLetter> deadLetters, Duration fetchDuration, long bytes) {
    int errors = previous.consecutiveErrors() + 1;
    Optional<String> disabled = gone ? Optional.of("410 Gone at " + currentUrl) : Optional.empty();
    Optional<Instant> nextDue = gone ? Optional.empty()
        : Optional.of(polledAt.plus(nextPoll.failing(feed.interval(), errors, retryAfter)));
    FeedState state = new FeedState(previous.feedId(), currentUrl, movedFrom(feed, currentUrl), previous.etag(),
        previous.lastModified(), previous.seen(), errors, Optional.of(polledAt), previous.lastSuccessAt(), nextDue,
        disabled);
    FeedStatus status = new FeedStatus(previous.feedId(), currentUrl, polledAt, outcome, httpStatus, Optional.of(kind),
        Optional.of(message), 0, nextDue, disabled, List.of());
    return new IngestResult(state, status, List.of(), deadLetters, fetchDuration, bytes);
  }

  private static FeedState success(FeedDefinition feed, FeedState previous, URI url, Optional<String> etag,
      Optional<String> lastModified, Instant polledAt, Duration next) {
    return new FeedState(previous.feedId(), url, movedFrom(feed, url), etag, lastModified, previous.seen(), 0,
        Optional.of(polledAt), Optional.of(polledAt), Optional.of(polledAt.plus(next)), Optional.empty());
  }

  /** The configured URL when a permanent redirect took the feed away from it to {@code url}. */
  private static Optional<URI> movedFrom(FeedDefinition feed, URI url) {
    return url.equals(feed.url()) ? Optional.empty() : Optional.of(feed.url());
  }

  private static FeedState withPoll(FeedState previous, Instant polledAt) {
    return new FeedState(previous.feedId(), previous.url(), previous.movedFrom(), previous.etag(),
        previous.lastModified(), previous.seen(), previous.consecutiveErrors(), Optional.of(polledAt),
        previous.lastSuccessAt(), Optional.empty(), previous.disabledReason());
  }

  private static FeedStatus status(FeedState state, Instant polledAt, PollOutcome outcome, Optional<Integer> httpStatus,
      Optional<String> kind, Optional<String> message) {
    return new FeedStatus(state.feedId(), state.url(), polledAt, outcome, httpStatus, kind, message, 0,
        state.nextDueAt(), state.disabledReason(), List.of());
  }

  private DeadLetter deadLetter(String feedId, URI url, String kind, String reason, byte[] body, Instant at) {
    int head = Math.min(body.length, settings.fetch().deadLetterHeadBytes());
    String headText = new String(body, 0, head, StandardCharsets.UTF_8);
    return new DeadLetter(feedId, url, Optional.empty(), kind, reason, sha256(body), body.length, headText, at);
  }

  /** A dead letter for one entry that could not be read: the reason, and the entry as written. */
  private DeadLetter entryDeadLetter(String feedId, URI url, ParsedFeed.UnreadableEntry entry, Instant at) {
    byte[] markup = entry.markup().getBytes(StandardCharsets.UTF_8);
    int head = Math.min(markup.length, settings.fetch().deadLetterHeadBytes());
    return new DeadLetter(feedId, url, Optional.empty(), "entry-unreadable",
        url + ": entry " + (entry.index() + 1) + ": " + entry.reason(), sha256(markup), markup.length,
        new String(markup, 0, head, StandardCharsets.UTF_8), at);
  }

  private DateParser dateParser(FeedDefinition feed) {
    Map<String, String> zones = feed.zoneAbbreviations().isEmpty() ? settings.parse().zoneAbbreviations()
        : merged(settings.parse().zoneAbbreviations(), feed.zoneAbbreviations());
    return dateParsers.computeIfAbsent(zones, DateParser::new);
  }

  private static Map<String, String> merged(Map<String, String> defaults, Map<String, String> overrides) {
    Map<String, String> m = new HashMap<>(defaults);
    m.putAll(overrides);
    return Map.copyOf(m);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** Forgets what this ingestor remembers of a feed that is no longer polled (its interval, its last items). */
  public void forget(String feedId) {
    memory.remove(requireNonNull(feedId, "feedId"));
  }

  /** Closes the HTTP client's pool. Polls still running may fail with an I/O error. */
  @Override
  public void close() {
    http.close();
  }

}
