package io.feedpipe.app;

import io.feedpipe.config.Checks;
import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingType;
import io.feedpipe.config.SettingValues;
import java.time.Duration;
import java.util.List;

/**
 * How long {@code feedpipe tail} waits before it gives up with one line. Each component is the
 * setting of the same name below; build it with {@link #from(SettingValues)}.
 *
 * @param brokerTimeout {@link #BROKER_TIMEOUT}
 * @param topicTimeout {@link #TOPIC_TIMEOUT}
 */
public record TailSettings(Duration brokerTimeout, Duration topicTimeout) {
  public static final Setting<Duration> BROKER_TIMEOUT = Setting.of("tail.brokerTimeout",
      SettingType.duration(Duration.ofSeconds(1), Duration.ofMinutes(10)), Duration.ofSeconds(10),
      "How long `feedpipe tail` waits for a Kafka broker to answer before it stops, saying so.");
  public static final Setting<Duration> TOPIC_TIMEOUT = Setting.of("tail.topicTimeout",
      SettingType.duration(Duration.ZERO, Duration.ofDays(1)), Duration.ofMinutes(1),
      "How long `feedpipe tail` waits for a missing topic to be created (by `feedpipe run`) before it stops.");

  /** Every {@code tail.*} setting, in the order of the settings table. */
  public static final List<Setting<?>> SETTINGS = List.of(BROKER_TIMEOUT, TOPIC_TIMEOUT);

  public TailSettings {
    new Checks().value(BROKER_TIMEOUT, brokerTimeout).value(TOPIC_TIMEOUT, topicTimeout).throwIfAny();
  }

  public static TailSettings from(SettingValues values) {
    return new TailSettings(values.get(BROKER_TIMEOUT), values.get(TOPIC_TIMEOUT));
  }
}
