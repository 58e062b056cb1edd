package io.feedpipe.publish;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The configuration of the Kafka clients of the feeds topic ({@link FeedsTopic}): the one place
 * they take their connection settings from. A client's configuration is, lowest precedence first:
 * feedpipe's defaults for it, the settings every client shares ({@code kafka.bootstrapServers}; a
 * producer also {@code kafka.producer.*}), then {@code fixed}, the configs its guarantees depend on.
 * Shaped like the per-client configuration of the settings, so it can take its shared settings from
 * there instead (security, {@code kafka.common.*}) without its callers changing; {@code fixed}
 * holds only what such settings may not override: {@code transactional.id}, {@code
 * enable.idempotence}, {@code acks}, {@code max.block.ms} of a producer, {@code isolation.level},
 * {@code enable.auto.commit}, {@code auto.offset.reset} of a consumer.
 */
final class KafkaClients {
  /** The kinds of client. */
  enum Client {
    PRODUCER, ADMIN, CONSUMER
  }

  private KafkaClients() {}

  static Map<String, Object> config(PublishSettings settings, Client client, Map<String, ?> defaults,
      Map<String, ?> fixed) {
    Map<String, Object> config = new HashMap<>(defaults);
    if (client == Client.PRODUCER) {
      config.putAll(settings.producerOverrides());
    }
    config.putAll(fixed);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    return config;
  }
}
