package io.feedpipe.publish;

import io.feedpipe.config.SettingValues;
import java.time.Duration;

/** The settings the broker tests share: their own topic prefix and transactional id, a short {@code kafka.maxBlock}. */
final class TestSettings {
  private TestSettings() {}

  /** {@code prefix}'s topics with {@code partitions} each, transactional id {@code prefix-tx}. */
  static SettingValues values(String bootstrap, String prefix, int partitions, Duration maxBlock) {
    return SettingValues.defaults()
        .with(KafkaClientSettings.BOOTSTRAP_SERVERS, bootstrap)
        .with(PublishSettings.TOPIC_PREFIX, prefix)
        .with(PublishSettings.TRANSACTIONAL_ID, prefix + "-tx")
        .with(PublishSettings.PARTITIONS, partitions)
        .with(PublishSettings.MAX_BLOCK, maxBlock);
  }

  static PublishSettings settings(String bootstrap, String prefix, int partitions, Duration maxBlock) {
    return PublishSettings.from(values(bootstrap, prefix, partitions, maxBlock));
  }
}
