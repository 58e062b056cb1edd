package io.feedpipe.app.config;

import static io.feedpipe.app.config.Setting.of;
import static io.feedpipe.app.config.Setting.optional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalogue of every configuration key feedpipe reads: the single source of the README's table. */
public final class Settings {
  private Settings() {}

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
      of("kafka.transactionalId", SettingType.NON_BLANK, "feedpipe-0", "Transactional id of this instance: stable across restarts, unique per instance.");
  public static final Setting TOPICS_PREFIX =
      of("topics.prefix", SettingType.NON_BLANK, "feedpipe", "Prefix of every topic name (`<prefix>.stories`, …).");
  public static final Setting TOPICS_PARTITIONS =
      of("topics.partitions", SettingType.POSITIVE_INT, "3", "Partitions of topics created at start.");
  public static final Setting TOPICS_REPLICATION =
      of("topics.replicationFactor", SettingType.POSITIVE_INT, "1", "Replication factor of topics created at start (production: 3).");
  public static final Setting HTTP_HOST =
      of("http.host", SettingType.NON_BLANK, "0.0.0.0", "Address the metrics/health HTTP server binds.");
  public static final Setting HTTP_PORT =
      of("http.port", SettingType.PORT, "8080", "Port of the metrics/health HTTP server (0 = any free port).");
  public static final Setting HTTP_METRICS_PATH =
      of("http.metricsPath", SettingType.PATH_PREFIX, "/metrics", "Path of the Prometheus scrape endpoint.");
  public static final Setting FETCH_CONTACT =
      optional("fetch.userAgentContact", SettingType.NON_BLANK, "Contact (URL or e-mail) added to the User-Agent so feed owners can reach you.");
  public static final Setting FETCH_ALLOWED =
      of("fetch.allowedAddresses", SettingType.LIST, "", "CIDRs the address guard allows although they are loopback, private or link-local (e.g. `127.0.0.1/32`).");
  public static final Setting FETCH_MAX_BODY =
      of("fetch.maxBodyBytes", SettingType.SIZE_BYTES, "10MB", "Largest feed body accepted, counted after decompression.");
  public static final Setting FETCH_CONNECT_TIMEOUT =
      of("fetch.connectTimeout", SettingType.DURATION, "10s", "Time-out for opening a connection.");
  public static final Setting FETCH_READ_TIMEOUT =
      of("fetch.readTimeout", SettingType.DURATION, "30s", "Longest wait for the next bytes of a response.");
  public static final Setting FETCH_DEADLINE =
      of("fetch.requestDeadline", SettingType.DURATION, "60s", "Deadline for a whole fetch, redirects and body included.");
  public static final Setting FETCH_PER_HOST =
      of("fetch.maxConcurrentPerHost", SettingType.POSITIVE_INT, "2", "Concurrent requests to one host at most.");
  public static final Setting SCHEDULE_INTERVAL =
      of("schedule.defaultInterval", SettingType.DURATION, "5m", "Poll interval of a feed that sets none.");
  public static final Setting SCHEDULE_MIN =
      of("schedule.minInterval", SettingType.DURATION, "1m", "Shortest poll interval, whatever a feed asks for.");
  public static final Setting SCHEDULE_MAX =
      of("schedule.maxInterval", SettingType.DURATION, "6h", "Longest poll interval, and the cap of error back-off.");
  public static final Setting SCHEDULE_CONCURRENCY =
      of("schedule.maxConcurrentPolls", SettingType.POSITIVE_INT, "64", "Polls in flight at once across all feeds.");
  public static final Setting NORMALIZE_RULES =
      optional("normalize.rulesFile", SettingType.NON_BLANK, "YAML rules file extending or overriding the bundled boilerplate/provenance rules.");
  public static final Setting LOG_FORMAT =
      of("log.format", SettingType.LOG_FORMAT, "text", "Log format on stdout: human-readable `text` or `json` lines.");
  public static final Setting LOG_LEVEL =
      of("log.level", SettingType.LOG_LEVEL, "INFO", "Level of feedpipe's own loggers.");

  /** Every key, in the order of the settings table. */
  public static final List<Setting> CATALOGUE = List.of(
      FEEDS_FILE, DATA_DIR,
      KAFKA_BOOTSTRAP, KAFKA_EMBEDDED_PORT, KAFKA_TRANSACTIONAL_ID,
      TOPICS_PREFIX, TOPICS_PARTITIONS, TOPICS_REPLICATION,
      HTTP_HOST, HTTP_PORT, HTTP_METRICS_PATH,
      FETCH_CONTACT, FETCH_ALLOWED, FETCH_MAX_BODY, FETCH_CONNECT_TIMEOUT, FETCH_READ_TIMEOUT, FETCH_DEADLINE, FETCH_PER_HOST,
      SCHEDULE_INTERVAL, SCHEDULE_MIN, SCHEDULE_MAX, SCHEDULE_CONCURRENCY,
      NORMALIZE_RULES,
      LOG_FORMAT, LOG_LEVEL);

  static Optional<Setting> byKey(String key) {
    return CATALOGUE.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  static Map<String, Setting> byKey() {
    Map<String, Setting> map = new LinkedHashMap<>();
    CATALOGUE.forEach(s -> map.put(s.key(), s));
    return map;
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
          .append(s.description()).append(" (").append(s.type().description()).append(") |\n");
    }
    return out.toString();
  }
}
