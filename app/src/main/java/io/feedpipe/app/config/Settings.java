package io.feedpipe.app.config;

import static io.feedpipe.app.config.Setting.of;
import static io.feedpipe.app.config.Setting.optional;

import io.feedpipe.ingest.FetchSettings;
import io.feedpipe.ingest.ParseSettings;
import io.feedpipe.ingest.ScheduleSettings;
import io.feedpipe.publish.PublishSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of every configuration key feedpipe reads: the single source of the README's
 * table. Defaults of module settings are read from the modules' own {@code defaults()}, so they are
 * written once.
 */
public final class Settings {
  private Settings() {}

  private static final FetchSettings FETCH = FetchSettings.defaults();
  private static final ScheduleSettings SCHEDULE = ScheduleSettings.defaults();
  private static final ParseSettings PARSE = ParseSettings.defaults();
  private static final PublishSettings PUBLISH = PublishSettings.defaults("localhost:9092");

  /** Keys under this prefix in the config file are passed to the Kafka producer as they are. */
  public static final String PRODUCER_PREFIX = "kafka.producer.";

  public static final Setting FEEDS_FILE =
      optional("feeds.file", SettingType.NON_BLANK, "Feeds file: YAML (`feeds: [{url, name, tags, interval}]`) or OPML. Without it and without `--feed`, the bundled sample feed is polled.");
  public static final Setting DATA_DIR =
      of("dataDir", SettingType.NON_BLANK, "./data", "Directory for the embedded Kafka broker's log and the sample feed.");

  public static final Setting KAFKA_BOOTSTRAP =
      optional("kafka.bootstrapServers", SettingType.NON_BLANK, "Kafka bootstrap servers. When unset, an embedded single-node broker is started on 127.0.0.1.")
          .withAliasEnv("KAFKA_BOOTSTRAP_SERVERS");
  public static final Setting KAFKA_EMBEDDED_PORT =
      of("kafka.embeddedPort", SettingType.PORT, "9092", "Port of the embedded broker (only when `kafka.bootstrapServers` is unset).");
  public static final Setting KAFKA_TRANSACTIONAL_ID =
      of("kafka.transactionalId", SettingType.NON_BLANK, PUBLISH.transactionalId(), "Transactional id of this instance: stable across restarts, unique per instance.");
  public static final Setting KAFKA_MAX_BLOCK =
      of("kafka.maxBlock", SettingType.DURATION, text(PUBLISH.maxBlock()), "Longest a producer call may block before the broker counts as unavailable (polling then pauses).");
  public static final Setting KAFKA_TRANSACTION_TIMEOUT =
      of("kafka.transactionTimeout", SettingType.DURATION, text(PUBLISH.transactionTimeout()), "The broker aborts a transaction left open longer (a crashed instance's).");

  public static final Setting TOPICS_PREFIX =
      of("topics.prefix", SettingType.NON_BLANK, PUBLISH.topicPrefix(), "Prefix of every topic name (`<prefix>.stories`, …).");
  public static final Setting TOPICS_PARTITIONS =
      of("topics.partitions", SettingType.POSITIVE_INT, Integer.toString(PUBLISH.partitions()), "Partitions of topics created at start.");
  public static final Setting TOPICS_REPLICATION =
      of("topics.replicationFactor", SettingType.POSITIVE_INT, Short.toString(PUBLISH.replicationFactor()), "Replication factor of topics created at start (production: 3).");
  public static final Setting TOPICS_MIN_ISR =
      of("topics.minInsyncReplicas", SettingType.POSITIVE_INT, Short.toString(PUBLISH.minInsyncReplicas()), "`min.insync.replicas` of topics created at start (production: 2).");

  public static final Setting PUBLISH_MAX_STORY =
      of("publish.maxStoryBytes", SettingType.SIZE_BYTES, Integer.toString(PUBLISH.maxStoryBytes()), "Largest story event; a larger one goes to dead letters.");
  public static final Setting PUBLISH_SEEN_RETENTION =
      of("publish.seenRetention", SettingType.DURATION, text(PUBLISH.seenRetention()), "How long a story that left its feed is remembered (and not published again if it returns).");
  public static final Setting PUBLISH_MAX_SEEN =
      of("publish.maxSeenPerFeed", SettingType.POSITIVE_INT, Integer.toString(PUBLISH.maxSeenPerFeed()), "Seen stories kept per feed beyond those in the current poll.");
  public static final Setting PUBLISH_START_TIMEOUT =
      of("publish.startTimeout", SettingType.DURATION, text(PUBLISH.startTimeout()), "How long start-up waits for Kafka to create topics and restore feed state.");

  public static final Setting PUBLISH_MAX_POLLS_PER_TX =
      of("publish.maxPollsPerTransaction", SettingType.POSITIVE_INT, Integer.toString(PUBLISH.maxPollsPerTransaction()), "Poll results of concurrent polls committed together in one transaction (each still all-or-nothing).");
  public static final Setting PUBLISH_MAX_QUEUED =
      of("publish.maxQueuedPolls", SettingType.POSITIVE_INT, Integer.toString(PUBLISH.maxQueuedPolls()), "Poll results waiting to be published; further polls wait, so memory stays bounded while Kafka is away.");

  public static final Setting HTTP_HOST =
      of("http.host", SettingType.NON_BLANK, "0.0.0.0", "Address the metrics/health HTTP server binds.");
  public static final Setting HTTP_PORT =
      of("http.port", SettingType.PORT, "8080", "Port of the metrics/health HTTP server (0 = any free port).");
  public static final Setting HTTP_METRICS_PATH =
      of("http.metricsPath", SettingType.PATH_PREFIX, "/metrics", "Path of the Prometheus scrape endpoint.");

  public static final Setting FETCH_USER_AGENT =
      of("fetch.userAgent", SettingType.NON_BLANK, FETCH.userAgent(), "Product token of the User-Agent header.");
  public static final Setting FETCH_CONTACT =
      optional("fetch.contact", SettingType.NON_BLANK, "Contact (URL or e-mail) added to the User-Agent so feed owners can reach you.");
  public static final Setting FETCH_CONNECT_TIMEOUT =
      of("fetch.connectTimeout", SettingType.DURATION, text(FETCH.connectTimeout()), "Time-out for opening a connection.");
  public static final Setting FETCH_READ_TIMEOUT =
      of("fetch.readTimeout", SettingType.DURATION, text(FETCH.readTimeout()), "Longest silence while reading a response.");
  public static final Setting FETCH_CALL_TIMEOUT =
      of("fetch.callTimeout", SettingType.DURATION, text(FETCH.callTimeout()), "Deadline for a whole fetch, redirects and body included.");
  public static final Setting FETCH_MAX_BODY =
      of("fetch.maxBodyBytes", SettingType.SIZE_BYTES, Long.toString(FETCH.maxBodyBytes()), "Largest feed body accepted, counted after decompression.");
  public static final Setting FETCH_MAX_REDIRECTS =
      of("fetch.maxRedirects", SettingType.NON_NEGATIVE_INT, Integer.toString(FETCH.maxRedirects()), "Redirect hops followed, each re-checked by the address guard.");
  public static final Setting FETCH_ALLOWED =
      of("fetch.allowedAddresses", SettingType.LIST, "", "CIDRs the address guard allows although they are loopback, private or link-local (e.g. `127.0.0.1/32`).");
  public static final Setting FETCH_PER_HOST =
      of("fetch.perHostConcurrency", SettingType.POSITIVE_INT, Integer.toString(FETCH.perHostConcurrency()), "Requests in flight to one host at most.");
  public static final Setting FETCH_PER_HOST_GAP =
      of("fetch.perHostMinGap", SettingType.NON_NEGATIVE_DURATION, text(FETCH.perHostMinGap()), "Minimum time between the starts of two requests to one host.");
  public static final Setting FETCH_DEAD_LETTER_HEAD =
      of("fetch.deadLetterHeadBytes", SettingType.NON_NEGATIVE_INT, Integer.toString(FETCH.deadLetterHeadBytes()), "How much of an unreadable body a dead letter keeps.");

  public static final Setting SCHEDULE_INTERVAL =
      of("schedule.defaultInterval", SettingType.DURATION, text(SCHEDULE.defaultInterval()), "Poll interval of a feed that sets none.");
  public static final Setting SCHEDULE_MIN =
      of("schedule.minInterval", SettingType.DURATION, text(SCHEDULE.minInterval()), "Shortest poll interval, whatever a feed asks for.");
  public static final Setting SCHEDULE_MAX =
      of("schedule.maxInterval", SettingType.DURATION, text(SCHEDULE.maxInterval()), "Longest poll interval of a healthy feed.");
  public static final Setting SCHEDULE_MAX_BACKOFF =
      of("schedule.maxBackoff", SettingType.DURATION, text(SCHEDULE.maxBackoff()), "Cap of the back-off after errors; a failing feed is retried forever at this interval.");
  public static final Setting SCHEDULE_MAX_RETRY_AFTER =
      of("schedule.maxRetryAfter", SettingType.DURATION, text(SCHEDULE.maxRetryAfter()), "Longest `Retry-After` honoured.");
  public static final Setting SCHEDULE_JITTER =
      of("schedule.jitter", SettingType.FRACTION, Double.toString(SCHEDULE.jitter()), "Fraction of each interval added or removed at random so feeds do not synchronise.");
  public static final Setting SCHEDULE_ADAPTIVE =
      of("schedule.adaptive", SettingType.BOOLEAN, Boolean.toString(SCHEDULE.adaptive()), "Whether a feed's interval follows its observed publishing rate.");
  public static final Setting SCHEDULE_CONCURRENCY =
      of("schedule.globalConcurrency", SettingType.POSITIVE_INT, Integer.toString(SCHEDULE.globalConcurrency()), "Polls in flight at once across all feeds.");
  public static final Setting SCHEDULE_SHUTDOWN =
      of("schedule.shutdownTimeout", SettingType.DURATION, text(SCHEDULE.shutdownTimeout()), "How long shutdown waits for running polls.");

  public static final Setting SCHEDULE_PER_HOST =
      of("schedule.perHostConcurrency", SettingType.POSITIVE_INT, Integer.toString(SCHEDULE.perHostConcurrency()), "Polls of feeds on one host in flight at most, so feeds queued behind a slow host never hold slots other hosts need.");

  public static final Setting PARSE_ZONES =
      of("parse.zoneAbbreviations", SettingType.ZONE_MAP, "", "Time-zone abbreviations added to (or replacing) the defaults, which read `IST` as India (+05:30).");
  public static final Setting PARSE_FUTURE =
      of("parse.futureTolerance", SettingType.NON_NEGATIVE_DURATION, text(PARSE.futureTolerance()), "A date later than the fetch time by more than this is clamped and flagged.");

  public static final Setting PARSE_MAX_ITEMS =
      of("parse.maxItemsPerFeed", SettingType.POSITIVE_INT, Integer.toString(PARSE.maxItemsPerFeed()), "Items read from one poll at most, in feed order; the status says when more were dropped.");

  public static final Setting NORMALIZE_RULES =
      optional("normalize.rulesFile", SettingType.NON_BLANK, "YAML rules file extending or overriding the bundled boilerplate/provenance rules.");
  public static final Setting LOG_FORMAT =
      of("log.format", SettingType.LOG_FORMAT, "text", "Log format on stdout: human-readable `text` or `json` lines.");
  public static final Setting LOG_LEVEL =
      of("log.level", SettingType.LOG_LEVEL, "INFO", "Level of feedpipe's own loggers.");

  /** Every key, in the order of the settings table. */
  public static final List<Setting> CATALOGUE = List.of(
      FEEDS_FILE, DATA_DIR,
      KAFKA_BOOTSTRAP, KAFKA_EMBEDDED_PORT, KAFKA_TRANSACTIONAL_ID, KAFKA_MAX_BLOCK, KAFKA_TRANSACTION_TIMEOUT,
      TOPICS_PREFIX, TOPICS_PARTITIONS, TOPICS_REPLICATION, TOPICS_MIN_ISR,
      PUBLISH_MAX_STORY, PUBLISH_SEEN_RETENTION, PUBLISH_MAX_SEEN, PUBLISH_START_TIMEOUT, PUBLISH_MAX_POLLS_PER_TX,
      PUBLISH_MAX_QUEUED,
      HTTP_HOST, HTTP_PORT, HTTP_METRICS_PATH,
      FETCH_USER_AGENT, FETCH_CONTACT, FETCH_CONNECT_TIMEOUT, FETCH_READ_TIMEOUT, FETCH_CALL_TIMEOUT, FETCH_MAX_BODY,
      FETCH_MAX_REDIRECTS, FETCH_ALLOWED, FETCH_PER_HOST, FETCH_PER_HOST_GAP, FETCH_DEAD_LETTER_HEAD,
      SCHEDULE_INTERVAL, SCHEDULE_MIN, SCHEDULE_MAX, SCHEDULE_MAX_BACKOFF, SCHEDULE_MAX_RETRY_AFTER, SCHEDULE_JITTER,
      SCHEDULE_ADAPTIVE, SCHEDULE_CONCURRENCY, SCHEDULE_SHUTDOWN, SCHEDULE_PER_HOST,
      PARSE_ZONES, PARSE_FUTURE, PARSE_MAX_ITEMS,
      NORMALIZE_RULES,
      LOG_FORMAT, LOG_LEVEL);

  static Optional<Setting> byKey(String key) {
    return CATALOGUE.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  /** A duration as the settings table writes it: {@code 10s}, {@code 5m}, {@code 2h}, {@code 200ms}, {@code 30d}. */
  static String text(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms > 0) {
      return ms / 86_400_000 + "d";
    } else if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    } else if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  /** The settings table in Markdown, as the README shows it. */
  public static String markdownTable() {
    StringBuilder out = new StringBuilder();
    out.append("| key | environment variable | default | meaning |\n");
    out.append("|---|---|---|---|\n");
    for (Setting s : CATALOGUE) {
      String env = "`" + s.envVar() + "`" + s.aliasEnv().map(a -> " or `" + a + "`").orElse("");
      String def = s.defaultValue().map(d -> d.isEmpty() ? "(none)" : "`" + d + "`").orElse("(unset)");
      out.append("| `").append(s.key()).append("` | ").append(env).append(" | ").append(def).append(" | ")
          .append(cell(s.description() + " (" + s.type().description() + ")")).append(" |\n");
    }
    out.append("| `kafka.producer.*` | (config file only) | (none) | Extra Kafka producer configs, e.g. `kafka.producer.linger.ms: 5`; those exactly-once depends on are refused. |\n");
    return out.toString();
  }
}
