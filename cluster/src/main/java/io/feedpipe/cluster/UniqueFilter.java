package io.feedpipe.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.jspecify.annotations.Nullable;

/**
 * The dedupe step: of the events of one story key (records keyed by it), passes
 *
 * <ul>
 *   <li>the first (none passed within the dedupe window);
 *   <li>a later revision of the story that passed last (same story id, higher revision): whatever
 *       changed, its feed changed it;
 *   <li>an event of another story id whose text no passed event had: a revision that reached
 *       another feed first;
 * </ul>
 *
 * and suppresses the rest: copies from other feeds of what already passed. State per story key in
 * a window store: the owner (the story that passed last) and the contents that passed ({@link
 * UniqueState}), forgotten after the dedupe window.
 */
final class UniqueFilter implements Processor<String, byte[], String, UniqueFilter.Passed> {
  /**
   * An event that passed: its bytes, unchanged, for the unique topic, and what the stage read of it,
   * for the clustering step (handed on in memory within the task).
   */
  record Passed(byte[] event, StoryView story) {}

  private final String storeName;
  private final Duration window;
  private final StageMetrics metrics;
  private @Nullable ProcessorContext<String, Passed> context;
  private @Nullable WindowStore<String, UniqueState> store;

  UniqueFilter(String storeName, Duration window, StageMetrics metrics) {
    this.storeName = requireNonNull(storeName, "storeName");
    this.window = requireNonNull(window, "window");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public void init(ProcessorContext<String, Passed> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    ProcessorContext<String, Passed> ctx = requireNonNull(context, "context");
    WindowStore<String, UniqueState> states = requireNonNull(store, "store");
    StoryView story;
    try {
      story = StoryView.read(record.value());
    } catch (UnreadableEventException e) {
      KeyByStoryKey.skip(ctx, metrics, e);
      return;
    }
    long at = record.timestamp();
    KeyValue<Long, UniqueState> latest = WindowStores.latest(states, record.key(), at - window.toMillis(),
        ctx.currentStreamTimeMs());
    UniqueState state = latest == null ? null : latest.value;
    long content = UniqueState.contentOf(story);
    UniqueState next;
    if (state == null) {
      next = UniqueState.first(story.id(), story.revision(), content);
      metrics.passedFirst();
    } else if (story.id().equals(state.ownerId())
        ? story.revision() > state.ownerRevision()
        : !state.passed(content)) {
      next = state.after(story.id(), story.revision(), content);
      metrics.passedRevision();
    } else {
      metrics.suppressedDuplicate();
      return;
    }
    // never behind the entry read: the next event of the key must find this state as the latest
    states.put(record.key(), next, latest == null ? at : Math.max(at, latest.key));
    ctx.forward(record.withValue(new Passed(record.value(), story)));
  }
}
