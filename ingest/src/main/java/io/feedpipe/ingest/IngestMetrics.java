package io.feedpipe.ingest;

import io.feedpipe.model.Repair;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;

/**
 * ingest's own meters: what only ingest sees, recorded from the start and published to every
 * registry this binder is bound to. Polls, fetch time and bytes are counted once, by the app's
 * pipeline metrics, from each {@link IngestResult}. Both counters exist (at 0) once bound.
 *
 * <ul>
 *   <li>{@code feedpipe.ingest.all.items.new} — polls in which every item was new (items may have
 *       been missed between polls; the feed's interval is shortened)
 *   <li>{@code feedpipe.ingest.date.problems} — items whose dates could not be read as given
 *   <li>{@code feedpipe.ingest.repairs} (tag {@code kind}, one of {@link Repair}'s
 *       kinds) — repairs made to read feeds and items, on the feed or on its items
 * </ul>
 *
 * <p>Meters are registered in the composite only when first bound or first counted, never before
 * a registry is added: Micrometer warns when a registry joins a composite that already holds
 * meters, because what they counted before is lost to it.
 */
final class IngestMetrics implements MeterBinder {
  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();

  @Override
  public void bindTo(MeterRegistry target) {
    registry.add(target);
    allItemsNewCounter(); // scraped at 0 before the first event
    dateProblemsCounter();
  }

  private Counter allItemsNewCounter() {
    return Counter.builder("feedpipe.ingest.all.items.new")
        .description("polls in which every item was new: items may have been missed between polls")
        .register(registry);
  }

  private Counter dateProblemsCounter() {
    return Counter.builder("feedpipe.ingest.date.problems")
        .description("items whose dates could not be read as given (raw string kept, fetch time used)")
        .register(registry);
  }

  void allItemsNew() {
    allItemsNewCounter().increment();
  }

  void repairs(List<Repair> repairs) {
    for (Repair r : repairs) {
      Counter.builder("feedpipe.ingest.repairs").description("repairs made to read feeds and items, by kind")
          .tag("kind", r.kind()).register(registry).increment();
    }
  }

  void dateProblems(int items) {
    if (items > 0) {
      dateProblemsCounter().increment(items);
    }
  }
}
