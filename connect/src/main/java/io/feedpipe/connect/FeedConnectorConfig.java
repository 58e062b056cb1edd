package io.feedpipe.connect;

import static java.util.Objects.requireNonNull;

import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingValues;
import io.feedpipe.ingest.FetchSettings;
import io.feedpipe.ingest.IngestSettings;
import io.feedpipe.ingest.ScheduleSettings;
import io.feedpipe.normalize.NormalizeSettings;
import io.feedpipe.publish.KafkaClientSettings;
import io.feedpipe.publish.PublishSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The connector's configuration: the service's own settings ({@code fetch.*}, {@code schedule.*},
 * {@code parse.*}, {@code kafka.*}, {@code topics.*}, {@code publish.*}, {@code
 * normalize.rulesFile}) under the same keys, types, defaults and rules, as one {@link ConfigDef}
 * built from their catalogue — so the worker's {@code PUT
 * /connector-plugins/FeedSourceConnector/config/validate} reports each bad key with the rule it
 * breaks. Keys ending in {@code .*} (e.g. {@code kafka.common.*}) are read by prefix: {@code
 * kafka.common.security.protocol=SASL_SSL}; those that are secrets (each client config Kafka types
 * PASSWORD, e.g. {@code kafka.common.sasl.jaas.config}) are also PASSWORD keys of the ConfigDef, so
 * the worker shows them hidden. {@code kafka.bootstrapServers} is required: the task reads the feeds
 * topic there. A {@code normalize.rulesFile} is read when the config is validated and when each
 * task starts (so every worker needs the file at that path); a file that cannot be read or holds
 * invalid rules is reported against that key.
 *
 * @param publish how poll results become records (topics, limits) and how the feeds topic is read
 * @param ingest how feeds are fetched, scheduled and parsed
 * @param normalize which rules normalizing uses
 * @param task which share of the feeds this task polls; {@link FeedSplit#WHOLE} for the connector
 */
public record FeedConnectorConfig(PublishSettings publish, IngestSettings ingest, NormalizeSettings normalize,
    FeedSplit task) {

  /** Set by the connector in each task's config: the task's index, 0-based. */
  static final String TASK_INDEX = "feedpipe.task.index";

  /** Set by the connector in each task's config: how many tasks share the feeds. */
  static final String TASK_COUNT = "feedpipe.task.count";

  /** Every setting the connector reads, in the order of the service's settings table. */
  static final List<Setting<?>> SETTINGS = Stream.of(PublishSettings.SETTINGS, IngestSettings.SETTINGS,
      NormalizeSettings.SETTINGS).flatMap(List::stream).toList();

  /** The settings as the worker shows and validates them. */
  static final ConfigDef CONFIG_DEF = configDef();

  public FeedConnectorConfig {
    requireNonNull(publish, "publish");
    requireNonNull(ingest, "ingest");
    requireNonNull(normalize, "normalize");
    requireNonNull(task, "task");
  }

  /**
   * The configuration {@code props} gives.
   *
   * @throws ConfigException naming the first bad key, the value and the rule it breaks
   */
  public static FeedConnectorConfig from(Map<String, String> props) {
    requireNonNull(props, "props");
    CONFIG_DEF.parse(props); // each key's own rule, in the worker's words
    FeedSplit split = split(props);
    SettingValues values = hostShare(values(props), split);
    PublishSettings publish;
    IngestSettings ingest;
    try {
      publish = PublishSettings.from(values);
      ingest = IngestSettings.from(values);
    } catch (IllegalArgumentException e) { // rules across keys: the message names them
      throw new ConfigException(e.getMessage());
    }
    return new FeedConnectorConfig(publish, ingest, NormalizeSettings.from(values), split);
  }

  /**
   * Politeness across tasks: each of {@code split.count()} tasks gets its share of the per-host
   * limits, so the cluster together starts requests to one host no more often than one service
   * does — {@code fetch.perHostMinGap} times the task count — and keeps {@code
   * fetch.perHostConcurrency} and {@code schedule.perHostConcurrency} divided by it (at least 1
   * each, so with more tasks than the limit a host sees up to one request per task in flight).
   */
  static SettingValues hostShare(SettingValues values, FeedSplit split) {
    int n = split.count();
    if (n == 1) {
      return values;
    }
    return values
        .with(FetchSettings.PER_HOST_CONCURRENCY, Math.max(1, values.get(FetchSettings.PER_HOST_CONCURRENCY) / n))
        .with(ScheduleSettings.PER_HOST_CONCURRENCY, Math.max(1, values.get(ScheduleSettings.PER_HOST_CONCURRENCY) / n))
        .with(FetchSettings.PER_HOST_MIN_GAP, values.get(FetchSettings.PER_HOST_MIN_GAP).multipliedBy(n));
  }

  private static FeedSplit split(Map<String, String> props) {
    String index = props.get(TASK_INDEX);
    String count = props.get(TASK_COUNT);
    if (index == null && count == null) {
      return FeedSplit.WHOLE;
    }
    try {
      return new FeedSplit(Integer.parseInt(String.valueOf(index)), Integer.parseInt(String.valueOf(count)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(TASK_INDEX + "/" + TASK_COUNT + " are set by the connector, not by hand: "
          + index + "/" + count + " is not a task of the split: " + e.getMessage());
    }
  }

  /** Each key's text read as its setting reads it; a key absent takes the setting's default. */
  static SettingValues values(Map<String, String> props) {
    return new SettingValues() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Optional<T> find(Setting<T> setting) {
        if (setting.configFileOnly()) {
          String prefix = setting.key().substring(0, setting.key().length() - 1);
          Map<String, String> entries = new HashMap<>();
          props.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
              entries.put(k.substring(prefix.length()), v);
            }
          });
          return entries.isEmpty() ? setting.defaultValue() : Optional.of(setting.check((T) Map.copyOf(entries)));
        }
        String text = props.get(setting.key());
        if (text == null) {
          return setting.defaultValue();
        }
        try {
          return Optional.of(setting.check(setting.read(text)));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(setting.key(), text, e.getMessage());
        }
      }
    };
  }

  private static ConfigDef configDef() {
    ConfigDef def = new ConfigDef();
    for (Setting<?> setting : SETTINGS) {
      if (setting.configFileOnly()) {
        definePasswords(def, setting); // the rest is read by prefix; the README's settings table lists them
        continue;
      }
      boolean required = setting.equals(KafkaClientSettings.BOOTSTRAP_SERVERS);
      Object defaultValue = required ? ConfigDef.NO_DEFAULT_VALUE : setting.defaultText().orElse(null);
      def.define(setting.key(), ConfigDef.Type.STRING, defaultValue, validator(setting),
          required ? ConfigDef.Importance.HIGH : ConfigDef.Importance.MEDIUM, setting.description());
    }
    return def;
  }

  /**
   * The secrets among a prefix's client configs ({@code kafka.common.sasl.jaas.config}, {@code
   * kafka.producer.ssl.key.password}, ...: every config Kafka itself types PASSWORD) as PASSWORD keys
   * of their own: the worker then shows them as {@code [hidden]} where it shows a connector's parsed
   * config (config validation, its config logs). They are read by prefix like the rest.
   */
  private static void definePasswords(ConfigDef def, Setting<?> prefixSetting) {
    String prefix = prefixSetting.key().substring(0, prefixSetting.key().length() - 1);
    ConfigDef clientDef = switch (prefix) {
      case "kafka.producer." -> ProducerConfig.configDef();
      case "kafka.admin." -> AdminClientConfig.configDef();
      case "kafka.consumer." -> ConsumerConfig.configDef();
      default -> commonClientConfigs();
    };
    clientDef.configKeys().values().stream()
        .filter(key -> key.type == ConfigDef.Type.PASSWORD)
        .map(key -> key.name)
        .sorted()
        .forEach(name -> def.define(prefix + name, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.LOW,
            "A secret client config (read by prefix, see " + prefixSetting.key() + "); give it through the worker's "
                + "config providers, e.g. ${file:/etc/secrets/kafka.properties:" + name + "}, so the connector's "
                + "stored config holds the reference, not the secret."));
  }

  /** The configs every Kafka client (producer, admin, consumer) knows. */
  private static ConfigDef commonClientConfigs() {
    ConfigDef common = new ConfigDef();
    ConfigDef admin = AdminClientConfig.configDef();
    ConfigDef consumer = ConsumerConfig.configDef();
    ProducerConfig.configDef().configKeys().forEach((name, key) -> {
      if (admin.configKeys().containsKey(name) && consumer.configKeys().containsKey(name)) {
        common.define(key);
      }
    });
    return common;
  }

  private static <T> ConfigDef.Validator validator(Setting<T> setting) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null) {
          return;
        }
        try {
          T read = setting.check(setting.read(value.toString()));
          if (setting.equals(NormalizeSettings.RULES_FILE)) {
            new NormalizeSettings(Optional.of(Path.of((String) read))).rules(); // the file's rules, read as a task will
          }
        } catch (IllegalArgumentException e) {
          throw new ConfigException(name, value, e.getMessage());
        }
      }

      @Override
      public String toString() {
        return setting.type().toString();
      }
    };
  }
}
