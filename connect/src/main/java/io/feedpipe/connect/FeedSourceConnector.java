package io.feedpipe.connect;

import io.feedpipe.publish.BrokerUnavailableException;
import io.feedpipe.publish.KafkaClientSettings;
import io.feedpipe.publish.PollPlans;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * feedpipe as a Kafka Connect source: {@code tasks.max} {@link FeedSourceTask}s share the feeds of
 * the feeds topic by a stable hash of the feed id ({@link FeedSplit}). Exactly once (KIP-618): the
 * worker must run with {@code exactly.once.source.support=enabled}; a feed's state is the source
 * offset of partition {@code {feed: <id>}}, committed with the poll's records.
 *
 * <p>At start it creates feedpipe's topics that are missing, as the service does (the feed-state
 * and feed-status topics are compacted). The records are bytes already: the connector config sets {@link #REQUIRED_CONVERTERS}, which
 * {@link #validate} and {@link #start} insist on, whatever the worker's defaults.
 */
public final class FeedSourceConnector extends SourceConnector {
  /** The converters that pass the task's keys, values and headers through as the service writes them. */
  static final Map<String, String> REQUIRED_CONVERTERS = Map.of(
      "key.converter", "org.apache.kafka.connect.storage.StringConverter",
      "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
      "header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");

  private Map<String, String> props = Map.of();

  @Override
  public String version() {
    return Version.VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    FeedConnectorConfig config = FeedConnectorConfig.from(props); // fail at start, naming the key, not in every task
    converterProblems(props).forEach((key, problem) -> {
      throw new ConfigException(problem);
    });
    try {
      PollPlans.ensureTopics(config.publish());
    } catch (BrokerUnavailableException e) {
      throw new RetriableException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while creating feedpipe's topics", e);
    }
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return FeedSourceTask.class;
  }

  /** One config per task, {@code maxTasks} of them: each names its share of the feeds. */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>(maxTasks);
    for (int i = 0; i < maxTasks; i++) {
      Map<String, String> task = new HashMap<>(props);
      task.put(FeedConnectorConfig.TASK_INDEX, Integer.toString(i));
      task.put(FeedConnectorConfig.TASK_COUNT, Integer.toString(maxTasks));
      configs.add(task);
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return FeedConnectorConfig.CONFIG_DEF;
  }

  /** Each key's rule, plus the converters and the rules across keys, reported against the key they name. */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    Map<String, ConfigValue> byName = new HashMap<>();
    config.configValues().forEach(v -> byName.put(v.name(), v));
    List<ConfigValue> values = new ArrayList<>(config.configValues());
    converterProblems(connectorConfigs).forEach((key, problem) -> {
      ConfigValue value = byName.get(key);
      if (value == null) {
        value = new ConfigValue(key, connectorConfigs.get(key), List.of(), new ArrayList<>());
        values.add(value);
      }
      value.addErrorMessage(problem);
    });
    if (values.stream().allMatch(v -> v.errorMessages().isEmpty())) {
      try {
        FeedConnectorConfig.from(connectorConfigs);
      } catch (ConfigException e) {
        ConfigValue value = byName.get(KafkaClientSettings.BOOTSTRAP_SERVERS.key());
        if (value != null) { // across keys: reported once, where the worker shows it
          value.addErrorMessage(e.getMessage());
        }
      }
    }
    return new Config(values);
  }

  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  /** The task commits at the last record of each feed poll when {@code transaction.boundary=connector}. */
  @Override
  public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
    return ConnectorTransactionBoundaries.SUPPORTED;
  }

  /** For each converter key not set as required, why. */
  static Map<String, String> converterProblems(Map<String, String> props) {
    Map<String, String> problems = new TreeMap<>();
    REQUIRED_CONVERTERS.forEach((key, required) -> {
      String given = props.get(key);
      if (!required.equals(given)) {
        problems.put(key, "Invalid value " + given + " for configuration " + key + ": feedpipe's records are bytes"
            + " already (the service's keys, JSON values and CloudEvents headers): set " + key + "=" + required);
      }
    });
    return problems;
  }
}
