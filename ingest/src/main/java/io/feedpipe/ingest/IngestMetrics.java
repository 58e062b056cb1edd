package io.feedpipe.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;

/**
 * ingest's meters, recorded from the start and published to every registry this binder is bound
 * to. Tags are bounded: {@code outcome} (the six poll outcomes) and {@code kind} (error kinds).
 *
 * <ul>
 *   <li>{@code feedpipe.ingest.polls{outcome,kind}} — polls by outcome
 *   <li>{@code feedpipe.ingest.fetch} — fetch time (timer)
 *   <li>{@code feedpipe.ingest.bytes} — body bytes read (after decoding)
 *   <li>{@code feedpipe.ingest.items} — items read
 *   <li>{@code feedpipe.ingest.all.items.new} — polls in which every item was new (items may have
 *       been missed between polls; the feed's interval is shortened)
 *   <li>{@code feedpipe.ingest.date.problems} — items whose dates could not be read as given
 * </ul>
 */
final class IngestMetrics implements MeterBinder {
  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();

  @Override
  public void bindTo(MeterRegistry target) {
    registry.add(target);
  }

  void poll(String outcome, String kind, Duration fetch, long bytes, int items) {
    Counter.builder("feedpipe.ingest.polls").tag("outcome", outcome).tag("kind", kind)
        .description("feed polls by outcome").register(registry).increment();
    Timer.builder("feedpipe.ingest.fetch").description("time to fetch a feed, redirects included")
        .register(registry).record(fetch);
    Counter.builder("feedpipe.ingest.bytes").baseUnit("bytes").register(registry).increment(bytes);
    Counter.builder("feedpipe.ingest.items").register(registry).increment(items);
  }

  void allItemsNew() {
    Counter.builder("feedpipe.ingest.all.items.new")
        .description("polls in which every item was new: items may have been missed between polls")
        .register(registry).increment();
  }

  void dateProblems(int items) {
    if (items > 0) {
      Counter.builder("feedpipe.ingest.date.problems").register(registry).increment(items);
    }
  }
}
