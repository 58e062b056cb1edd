package io.feedpipe.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.PollOutcome;
import io.feedpipe.publish.Topics;
import java.util.LinkedHashMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A task started again on the same worker while its earlier instance is still stopping (its stop
 * outlasted the worker's graceful timeout) must neither fail on the metric names the earlier one
 * holds nor be hidden behind them (#23).
 */
class TaskMetricsTest {
  private final Metrics registry = new Metrics();
  private final Topics topics = new Topics("tm");

  @AfterEach
  void close() {
    registry.close();
  }

  private PluginMetricsImpl taskOne() {
    LinkedHashMap<String, String> tags = new LinkedHashMap<>();
    tags.put("connector", "feedpipe");
    tags.put("task", "1");
    return new PluginMetricsImpl(registry, tags);
  }

  private double okPolls() {
    MetricName name = registry.metrics().keySet().stream()
        .filter(n -> n.name().equals(TaskMetrics.POLLS) && "ok".equals(n.tags().get("outcome")))
        .findFirst().orElseThrow();
    return (double) registry.metrics().get(name).metricValue();
  }

  @Test
  void aSecondInstanceOfATaskStartsWhileTheFirstStillHoldsItsMetrics() {
    TaskMetrics first = new TaskMetrics(taskOne(), topics);
    first.recordPoll(PollOutcome.OK);

    TaskMetrics second = new TaskMetrics(taskOne(), topics); // threw "already exists" once: the task FAILED
    second.recordPoll(PollOutcome.OK);
    second.recordPoll(PollOutcome.OK);
    assertThat(okPolls()).isEqualTo(2.0); // the instance the worker runs now shows

    first.close(); // the earlier instance's stop, late: the names are the second's now
    assertThat(okPolls()).isEqualTo(2.0);
    second.close();
    assertThat(registry.metrics().keySet()).noneMatch(n -> n.name().startsWith("feedpipe-"));
  }

  @Test
  void aStoppedInstanceLeavesTheNamesToTheNextOne() {
    TaskMetrics first = new TaskMetrics(taskOne(), topics);
    first.recordPoll(PollOutcome.OK);
    first.close();
    assertThat(registry.metrics().keySet()).noneMatch(n -> n.name().startsWith("feedpipe-"));

    TaskMetrics next = new TaskMetrics(taskOne(), topics);
    next.recordPoll(PollOutcome.OK);
    next.recordPoll(PollOutcome.OK);
    assertThat(okPolls()).isEqualTo(2.0);
    next.close();
    next.close(); // twice, as stop() may be called again: harmless
  }
}
