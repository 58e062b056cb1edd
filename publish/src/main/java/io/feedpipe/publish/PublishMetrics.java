package io.feedpipe.publish;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * publish's own meters: what only the publishing thread sees — Kafka transactions (one may carry
 * several polls, see {@code publish.maxPollsPerTransaction}), producer re-creations and the queue
 * of waiting polls. Stories, dead letters and readiness are counted once, by the app's pipeline
 * metrics, from the receipts. Names: {@code feedpipe.publish.transactions{outcome=committed|failed}}
 * (the tag named as on the app's per-poll {@code feedpipe.transaction.duration}),
 * {@code feedpipe.publish.transaction.duration}, {@code feedpipe.publish.producer.recreations},
 * {@code feedpipe.publish.queued.polls}, {@code feedpipe.publish.unstable.feeds{identity=guid|date}}
 * (feeds whose guids or dates were found unstable, {@link StabilityEvidence}). Counted before any
 * registry is bound; thread-safe.
 */
final class PublishMetrics {
  final LongAdder committed = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder recreations = new LongAdder();
  private final List<Timer> timers = new CopyOnWriteArrayList<>();

  void bindTo(MeterRegistry registry, IntSupplier queued, IntSupplier guidUnstableFeeds, IntSupplier dateUnstableFeeds) {
    Gauge.builder("feedpipe.publish.unstable.feeds", guidUnstableFeeds::getAsInt)
        .description("Feeds whose guids change between polls: their stories are told apart by canonical link")
        .tag("identity", "guid").register(registry);
    Gauge.builder("feedpipe.publish.unstable.feeds", dateUnstableFeeds::getAsInt)
        .description("Feeds whose dates move on unchanged stories: their stories keep the date first published")
        .tag("identity", "date").register(registry);
    counter(registry, "feedpipe.publish.transactions", "Kafka transactions, by outcome", committed, "outcome", "committed");
    counter(registry, "feedpipe.publish.transactions", "Kafka transactions, by outcome", failed, "outcome", "failed");
    FunctionCounter.builder("feedpipe.publish.producer.recreations", recreations, LongAdder::doubleValue)
        .description("Producers closed after a failure and created anew").register(registry);
    Gauge.builder("feedpipe.publish.queued.polls", queued::getAsInt)
        .description("Poll results waiting for the publishing thread (bounded by publish.maxQueuedPolls)")
        .register(registry);
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
