package io.feedpipe.publish;

import static java.util.Objects.requireNonNull;

import io.feedpipe.config.Checks;
import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingType;
import io.feedpipe.config.SettingValues;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How every Kafka client feedpipe creates connects: the producer, the admin client that creates
 * topics, the consumers that restore feed state, and {@code feedpipe tail}. Each component is the
 * setting of the same name below; build it with {@link #from(SettingValues)}.
 *
 * <p>A client's configuration is, lowest precedence first: feedpipe's own defaults for that client
 * (linger, compression, time-outs), {@code kafka.common.*}, the client's own map ({@code
 * kafka.producer.*}, {@code kafka.admin.*}, {@code kafka.consumer.*}), then the configs that
 * feedpipe's guarantees depend on, which the maps may not set (refused at start, naming the key).
 * A name that the client does not know is refused too, so a misspelt {@code sasl.mechanism} stops
 * the start instead of being ignored. Security settings ({@code security.protocol}, {@code sasl.*},
 * {@code ssl.*}) belong in {@code kafka.common.*}, which every client gets.
 *
 * <p>{@link #toString()} masks the values of secret-looking names (passwords, JAAS, keys, tokens).
 *
 * @param bootstrapServers {@link #BOOTSTRAP_SERVERS}
 * @param common {@link #COMMON}
 * @param producer {@link #PRODUCER}
 * @param admin {@link #ADMIN}
 * @param consumer {@link #CONSUMER}
 */
public record KafkaClientSettings(
    String bootstrapServers,
    Map<String, String> common,
    Map<String, String> producer,
    Map<String, String> admin,
    Map<String, String> consumer) {

  /** The kinds of client feedpipe creates. */
  public enum Client {
    PRODUCER("kafka.producer.", ProducerConfig.configNames(), Set.of(
        "transactional.id", "enable.idempotence", "acks", "key.serializer", "value.serializer",
        "bootstrap.servers", "max.block.ms", "transaction.timeout.ms")),
    ADMIN("kafka.admin.", AdminClientConfig.configNames(), Set.of("bootstrap.servers")),
    CONSUMER("kafka.consumer.", ConsumerConfig.configNames(), Set.of(
        "bootstrap.servers", "isolation.level", "key.deserializer", "value.deserializer", "enable.auto.commit",
        "auto.offset.reset"));

    private final String prefix;
    private final Set<String> known;
    /** Configs feedpipe sets itself for this client; the maps cannot override them. */
    private final Set<String> fixed;

    Client(String prefix, Set<String> known, Set<String> fixed) {
      this.prefix = prefix;
      this.known = Set.copyOf(known);
      this.fixed = fixed;
    }
  }

  public static final Setting<String> BOOTSTRAP_SERVERS = Setting.optional("kafka.bootstrapServers",
          SettingType.matching("host:port[,host:port...]", Pattern.compile("[^\\s,]+:\\d{1,5}(,[^\\s,]+:\\d{1,5})*"),
              "must be host:port[,host:port...]"),
          "Kafka bootstrap servers.")
      .withAliasEnv("KAFKA_BOOTSTRAP_SERVERS");
  public static final Setting<Map<String, String>> COMMON = Setting.of("kafka.common.*",
      SettingType.namedEntries("client configs by name").and(KafkaClientSettings::checkCommon), Map.of(),
      "Kafka client configs given to every client (producer, admin, consumers, `tail`): `security.protocol`, "
          + "`sasl.mechanism`, `sasl.jaas.config`, `ssl.truststore.location`, `client.dns.lookup`, …; "
          + "a value may be `${env:NAME}` or `${file:PATH}`.");
  public static final Setting<Map<String, String>> PRODUCER = Setting.of("kafka.producer.*",
      SettingType.namedEntries("producer configs by name").and(m -> check(Client.PRODUCER, m)), Map.of(),
      "Extra Kafka producer configs, e.g. `kafka.producer.linger.ms: 5`; those exactly-once depends on are refused.");
  public static final Setting<Map<String, String>> ADMIN = Setting.of("kafka.admin.*",
      SettingType.namedEntries("admin client configs by name").and(m -> check(Client.ADMIN, m)), Map.of(),
      "Extra configs of the admin client that creates topics at start.");
  public static final Setting<Map<String, String>> CONSUMER = Setting.of("kafka.consumer.*",
      SettingType.namedEntries("consumer configs by name").and(m -> check(Client.CONSUMER, m)), Map.of(),
      "Extra configs of the consumers (feed-state restore, `tail`); `isolation.level` stays `read_committed`.");

  /** Every setting of this record, in the order of the settings table. */
  public static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP_SERVERS, COMMON, PRODUCER, ADMIN, CONSUMER);

  public KafkaClientSettings {
    common = Map.copyOf(common);
    producer = Map.copyOf(producer);
    admin = Map.copyOf(admin);
    consumer = Map.copyOf(consumer);
    new Checks().value(BOOTSTRAP_SERVERS, bootstrapServers).value(COMMON, common).value(PRODUCER, producer)
        .value(ADMIN, admin).value(CONSUMER, consumer).throwIfAny();
  }

  /** The settings as {@code values} gives them; {@code kafka.bootstrapServers} must be among them. */
  public static KafkaClientSettings from(SettingValues values) {
    return new KafkaClientSettings(values.get(BOOTSTRAP_SERVERS), values.get(COMMON), values.get(PRODUCER),
        values.get(ADMIN), values.get(CONSUMER));
  }

  /** Plain connections to {@code bootstrapServers}, no extra configs. */
  public static KafkaClientSettings plain(String bootstrapServers) {
    return from(SettingValues.defaults().with(BOOTSTRAP_SERVERS, bootstrapServers));
  }

  /** These settings for other bootstrap servers. */
  public KafkaClientSettings withBootstrapServers(String servers) {
    return new KafkaClientSettings(servers, common, producer, admin, consumer);
  }

  /**
   * The configuration of one client: {@code defaults} (feedpipe's own, which the maps may change),
   * then {@code kafka.common.*}, then the client's map, then {@code fixed} (what feedpipe's
   * guarantees depend on) and {@code bootstrap.servers}.
   *
   * @throws IllegalArgumentException when {@code fixed} names a config the maps may change: a bug of ours
   */
  public Map<String, Object> config(Client client, Map<String, ?> defaults, Map<String, ?> fixed) {
    requireNonNull(client, "client");
    Set<String> free = new HashSet<>(fixed.keySet());
    free.removeAll(client.fixed);
    if (!free.isEmpty()) {
      throw new IllegalArgumentException("configs " + free + " are not protected for the " + client + " client");
    }
    Map<String, Object> config = new HashMap<>(defaults);
    config.putAll(common);
    config.putAll(switch (client) {
      case PRODUCER -> producer;
      case ADMIN -> admin;
      case CONSUMER -> consumer;
    });
    config.putAll(fixed);
    config.put("bootstrap.servers", bootstrapServers);
    return config;
  }

  /** Like the record's, with the values of secret-looking names masked. */
  @Override
  public String toString() {
    return "KafkaClientSettings[kafka.bootstrapServers=" + bootstrapServers
        + ", kafka.common.*={" + COMMON.type().write(common) + "}"
        + ", kafka.producer.*={" + PRODUCER.type().write(producer) + "}"
        + ", kafka.admin.*={" + ADMIN.type().write(admin) + "}"
        + ", kafka.consumer.*={" + CONSUMER.type().write(consumer) + "}]";
  }

  private static void checkCommon(Map<String, String> entries) {
    StringBuilder rule = new StringBuilder();
    for (String name : new TreeSet<>(entries.keySet())) {
      if (isProviderConfig(name)) {
        continue;
      }
      for (Client c : Client.values()) {
        if (c.fixed.contains(name)) {
          rule.append(rule.isEmpty() ? "" : "; ").append("kafka.common.").append(name)
              .append(" cannot be set: feedpipe sets it").append(name.equals("bootstrap.servers")
                  ? " from kafka.bootstrapServers" : " for its guarantees");
          break;
        }
        if (!c.known.contains(name)) {
          rule.append(rule.isEmpty() ? "" : "; ").append("kafka.common.").append(name)
              .append(" is not a config every Kafka client knows (misspelt? a producer-, admin- or consumer-only config "
                  + "goes in kafka.producer.*, kafka.admin.* or kafka.consumer.*)");
          break;
        }
      }
    }
    if (!rule.isEmpty()) {
      throw new IllegalArgumentException(rule.toString());
    }
  }

  private static void check(Client client, Map<String, String> entries) {
    StringBuilder rule = new StringBuilder();
    for (String name : new TreeSet<>(entries.keySet())) {
      if (client.fixed.contains(name)) {
        rule.append(rule.isEmpty() ? "" : "; ").append(client.prefix).append(name)
            .append(" cannot be overridden: feedpipe sets it")
            .append(name.equals("bootstrap.servers") ? " from kafka.bootstrapServers" : client == Client.PRODUCER
                ? " for exactly-once publishing" : " for its reads")
            .append(name.equals("max.block.ms") ? " (use kafka.maxBlock)" : "")
            .append(name.equals("transaction.timeout.ms") ? " (use kafka.transactionTimeout)" : "");
      } else if (!client.known.contains(name) && !isProviderConfig(name)) {
        rule.append(rule.isEmpty() ? "" : "; ").append(client.prefix).append(name)
            .append(" is not a Kafka ").append(client.name().toLowerCase(java.util.Locale.ROOT))
            .append(" config (misspelt?)");
      }
    }
    if (!rule.isEmpty()) {
      throw new IllegalArgumentException(rule.toString());
    }
  }

  /** Kafka's own config providers ({@code config.providers}, {@code config.providers.<alias>.class}, …). */
  private static boolean isProviderConfig(String name) {
    return name.equals("config.providers") || name.startsWith("config.providers.");
  }
}
