package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.feedpipe.model.Repair;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class IngestMetricsTest {
  private final Logger compositeLog = (Logger) LoggerFactory.getLogger(CompositeMeterRegistry.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureCompositeLog() {
    logged.start();
    compositeLog.addAppender(logged);
  }

  @AfterEach
  void releaseCompositeLog() {
    compositeLog.detachAppender(logged);
  }

  @Test // `feedpipe run` warned at every start that a registry joined a composite already holding meters
  void bindingToTheAppsRegistryWarnsOfNothingAndShowsTheCountersAtZero() {
    IngestMetrics metrics = new IngestMetrics();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    metrics.bindTo(registry);

    assertThat(logged.list).isEmpty();
    assertThat(registry.counter("feedpipe.ingest.all.items.new").count()).isZero();
    assertThat(registry.counter("feedpipe.ingest.date.problems").count()).isZero();
  }

  @Test
  void whatIsCountedAfterBindingReachesTheRegistry() {
    IngestMetrics metrics = new IngestMetrics();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);

    metrics.allItemsNew();
    metrics.dateProblems(3);
    metrics.dateProblems(0);
    metrics.repairs(List.of(Repair.of("html-entity", "item 1", "&nbsp;"), Repair.of("html-entity", "item 2", "&mdash;")));

    assertThat(registry.counter("feedpipe.ingest.all.items.new").count()).isEqualTo(1.0);
    assertThat(registry.counter("feedpipe.ingest.date.problems").count()).isEqualTo(3.0);
    assertThat(registry.counter("feedpipe.ingest.repairs", "kind", "html-entity").count()).isEqualTo(2.0);
    assertThat(logged.list).isEmpty();
  }
}
