package io.feedpipe.cluster;

import static java.util.Objects.requireNonNull;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keys each story event by its story key (read from its opening fields); skips and counts what it cannot read. */
final class KeyByStoryKey implements Processor<byte[], byte[], String, byte[]> {
  private static final Logger log = LoggerFactory.getLogger(KeyByStoryKey.class);

  private final StageMetrics metrics;
  private @Nullable ProcessorContext<String, byte[]> context;

  KeyByStoryKey(StageMetrics metrics) {
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    ProcessorContext<String, byte[]> ctx = requireNonNull(context, "context");
    try {
      if (record.value() == null) {
        throw new UnreadableEventException("a story event has a value; this record has none (a tombstone)");
      }
      ctx.forward(record.withKey(StoryView.readStoryKey(record.value())));
    } catch (UnreadableEventException e) {
      skip(ctx, metrics, e);
    }
  }

  /** Counts and logs an event that cannot be read, naming where it is, so that it can be looked at. */
  static void skip(ProcessorContext<?, ?> context, StageMetrics metrics, UnreadableEventException e) {
    metrics.unreadable();
    String where = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
    log.warn("Skipped the event at {}: {}", where, e.getMessage());
  }
}
