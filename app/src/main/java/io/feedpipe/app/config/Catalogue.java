package io.feedpipe.app.config;

import io.feedpipe.app.LiveFeedsSettings;
import io.feedpipe.app.TailSettings;
import io.feedpipe.app.ops.OpsServerSettings;
import io.feedpipe.cluster.ClusterSettings;
import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingType;
import io.feedpipe.config.SettingsTable;
import io.feedpipe.ingest.FetchSettings;
import io.feedpipe.ingest.IngestSettings;
import io.feedpipe.model.Redaction;
import io.feedpipe.normalize.NormalizeSettings;
import io.feedpipe.publish.KafkaClientSettings;
import io.feedpipe.publish.PublishSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every configuration key feedpipe reads: the app's own, defined here, and the modules', listed
 * from the settings records that define them ({@link PublishSettings#SETTINGS}, {@link
 * FetchSettings#SETTINGS}, {@link ClusterSettings#SETTINGS}, {@link NormalizeSettings#SETTINGS},
 * …). So each key, its default and its rule are written once, and the README's table is generated
 * from this list.
 */
public final class Catalogue {
  private Catalogue() {}

  public static final Setting<String> FEEDS_FILE = Setting.optional("feeds.file", SettingType.nonBlank(),
      "Feeds file: YAML (`feeds: [{url, id, name, tags, interval, auth, headers}]`) or OPML; read at start. Its feeds are "
          + "polled beside the feeds topic's (`feedpipe feeds`), and win over the topic's definition of the same id. With "
          + "no feed in it, `--feed` or the topic, the bundled sample feed is polled.");
  public static final Setting<String> DATA_DIR = Setting.of("dataDir", SettingType.nonBlank(), "./data",
      "Directory for the embedded Kafka broker's log, the sample feed and `logs/kafka.log` (Kafka's own warnings).");
  /** publish's key, with what the app does when it is unset. */
  public static final Setting<String> KAFKA_BOOTSTRAP = KafkaClientSettings.BOOTSTRAP_SERVERS
      .withNote("When unset, an embedded single-node broker is started on 127.0.0.1.");
  public static final Setting<Integer> KAFKA_EMBEDDED_PORT = Setting.of("kafka.embeddedPort", SettingType.port(), 9092,
      "Port of the embedded broker (only when `kafka.bootstrapServers` is unset).");
  public static final Setting<String> LOG_FORMAT = Setting.of("log.format", SettingType.oneOf(List.of("text", "json")),
      "text", "Log format on stdout: human-readable `text` or `json` lines.");
  public static final Setting<String> LOG_LEVEL = Setting.of("log.level",
      SettingType.oneOf(List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR")), "INFO",
      "Level of feedpipe's own loggers; at DEBUG or TRACE Kafka's own warnings show on the console too.");
  /** Read by {@code ConfigFileOption}, which hands it to {@link Redaction} for the whole process before any feed is read. */
  public static final Setting<List<String>> REDACT_QUERY_PARAMETERS = Setting.of("redact.queryParameters",
      SettingType.list().and(names -> names.forEach(n -> Redaction.nameProblem(n).ifPresent(p -> {
        throw new IllegalArgumentException(p);
      }))), Redaction.DEFAULT_SECRET_PARAMETERS,
      "Query parameters whose values are secrets: wherever feedpipe shows a URL (events, feed status, dead letters, "
          + "`/feeds`, logs, error lines) their values read `REDACTED`, and userinfo is removed. Replaces the default list.");

  /** The app's own keys first, then each module's, in the order of the settings table. */
  public static final List<Setting<?>> CATALOGUE = Stream.<List<Setting<?>>>of(
      List.of(FEEDS_FILE), LiveFeedsSettings.SETTINGS, List.of(DATA_DIR, KAFKA_BOOTSTRAP, KAFKA_EMBEDDED_PORT),
      PublishSettings.SETTINGS.stream().filter(s -> !s.key().equals(KAFKA_BOOTSTRAP.key())).toList(),
      OpsServerSettings.SETTINGS,
      IngestSettings.SETTINGS,
      ClusterSettings.SETTINGS,
      NormalizeSettings.SETTINGS,
      List.of(LOG_FORMAT, LOG_LEVEL, REDACT_QUERY_PARAMETERS),
      TailSettings.SETTINGS).flatMap(List::stream).toList();

  /** The tables the READMEs show, by name: {@code feedpipe} (every key), {@code ingest}, {@code publish}, {@code cluster}. */
  public static final Map<String, List<Setting<?>>> TABLES = tables();

  private static Map<String, List<Setting<?>>> tables() {
    Map<String, List<Setting<?>>> tables = new LinkedHashMap<>();
    tables.put("feedpipe", CATALOGUE);
    tables.put("ingest", IngestSettings.SETTINGS);
    tables.put("publish", PublishSettings.SETTINGS);
    tables.put("cluster", ClusterSettings.SETTINGS);
    return Collections.unmodifiableMap(tables);
  }

  static Optional<Setting<?>> byKey(String key) {
    return CATALOGUE.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  /** The entries of the config-file-only keys ({@code kafka.producer.*}): the key without its {@code *}. */
  static Optional<Setting<?>> prefixOf(String key) {
    return CATALOGUE.stream().filter(Setting::configFileOnly)
        .filter(s -> key.startsWith(s.key().substring(0, s.key().length() - 1))).findFirst();
  }

  /** The README's settings table in Markdown. */
  public static String markdownTable() {
    return SettingsTable.markdown(CATALOGUE);
  }
}
