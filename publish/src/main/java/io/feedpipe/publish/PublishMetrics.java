package io.feedpipe.publish;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * publish's meters, counted before any registry is bound and exposed to each bound registry.
 * Names: {@code feedpipe.publish.stories{outcome=new|updated|unchanged}}, {@code
 * feedpipe.publish.dead.letters}, {@code feedpipe.publish.transactions{result=committed|failed}},
 * {@code feedpipe.publish.transaction.duration}, {@code feedpipe.publish.producer.recreations},
 * {@code feedpipe.publish.ready} (1/0), {@code feedpipe.publish.feeds} (feeds with state). Thread-safe.
 */
final class PublishMetrics {
  final LongAdder newStories = new LongAdder();
  final LongAdder updatedStories = new LongAdder();
  final LongAdder unchangedStories = new LongAdder();
  final LongAdder deadLetters = new LongAdder();
  final LongAdder committed = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder recreations = new LongAdder();
  private final List<Timer> timers = new CopyOnWriteArrayList<>();

  void bindTo(MeterRegistry registry, BooleanSupplier ready, IntSupplier feeds) {
    counter(registry, "feedpipe.publish.stories", "Stories handed to publish, by outcome", newStories, "outcome", "new");
    counter(registry, "feedpipe.publish.stories", "Stories handed to publish, by outcome", updatedStories, "outcome", "updated");
    counter(registry, "feedpipe.publish.stories", "Stories handed to publish, by outcome", unchangedStories, "outcome", "unchanged");
    FunctionCounter.builder("feedpipe.publish.dead.letters", deadLetters, LongAdder::doubleValue)
        .description("Dead letters committed").register(registry);
    counter(registry, "feedpipe.publish.transactions", "Kafka transactions, by result", committed, "result", "committed");
    counter(registry, "feedpipe.publish.transactions", "Kafka transactions, by result", failed, "result", "failed");
    FunctionCounter.builder("feedpipe.publish.producer.recreations", recreations, LongAdder::doubleValue)
        .description("Producers closed after a failure and created anew").register(registry);
    Gauge.builder("feedpipe.publish.ready", () -> ready.getAsBoolean() ? 1 : 0)
        .description("1 when the publisher can commit").register(registry);
    Gauge.builder("feedpipe.publish.feeds", feeds::getAsInt)
        .description("Feeds whose state the publisher holds").register(registry);
    timers.add(Timer.builder("feedpipe.publish.transaction.duration")
        .description("From begin to commit of a committed transaction").register(registry));
  }

  void transaction(Duration duration) {
    committed.increment();
    for (Timer t : timers) {
      t.record(duration);
    }
  }

  private static void counter(MeterRegistry r, String name, String description, LongAdder adder, String tag, String value) {
    FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).tag(tag, value).register(r);
  }
}
