package io.feedpipe.cluster;

import io.feedpipe.publish.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The stage's topology:
 *
 * <pre>
 * &lt;prefix&gt;.stories (key story id)
 *   → key by story key → repartition "by-story-key" (as many partitions as the stories topic)
 *   → dedupe (store unique-by-story-key) ─→ &lt;prefix&gt;.stories.unique (key story key)
 *   → repartition "clustering" (one partition)
 *   → cluster (stores clustered-stories, cluster-anchors, clusters) ─→ &lt;prefix&gt;.clusters (key cluster id)
 * </pre>
 *
 * Dedupe scales with the stories topic's partitions; clustering compares every story with every
 * other in the window, so it runs as one task. Its stores are persistent (RocksDB) window stores
 * with changelogs, each entry a point in time ({@value #ENTRY_MILLIS} ms wide), kept for the window
 * (the dedupe window for the dedupe store).
 */
final class StageTopology {
  private static final long ENTRY_MILLIS = 1;

  private StageTopology() {}

  static Topology build(
      TopologyConfig config, Topics topics, Duration window, Duration dedupeWindow, StageMetrics metrics) {
    StageStores names = StageStores.NAMES;
    StreamsBuilder builder = new StreamsBuilder(config);
    builder.addStateStore(store(names.unique(), dedupeWindow, false, Serdes.String(), UniqueState.SERDE));
    builder.addStateStore(store(names.stories(), window, false, Serdes.String(), IndexedStory.SERDE));
    builder.addStateStore(store(names.anchors(), window, true, Serdes.Integer(), Serdes.String()));
    builder.addStateStore(store(names.clusters(), window, false, Serdes.String(), Serdes.ByteArray()));

    KStream<String, byte[]> unique = builder
        .stream(topics.stories(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("stories"))
        .process(() -> new KeyByStoryKey(metrics), Named.as("key-by-story-key"))
        .repartition(Repartitioned.<String, byte[]>as("by-story-key")
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()))
        .process(() -> new UniqueFilter(names.unique(), dedupeWindow, metrics), Named.as("dedupe"), names.unique());
    unique.to(topics.storiesUnique(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("stories-unique"));
    unique
        .repartition(Repartitioned.<String, byte[]>as("clustering")
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(1))
        .process(() -> new Clusterer(names, window, metrics), Named.as("cluster"),
            names.stories(), names.anchors(), names.clusters())
        .to(topics.clusters(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("clusters"));
    return builder.build();
  }

  private static <K, V> StoreBuilder<WindowStore<K, V>> store(
      String name, Duration retention, boolean duplicates, Serde<K> keys, Serde<V> values) {
    return Stores.windowStoreBuilder(
        Stores.persistentWindowStore(name, retention, Duration.ofMillis(ENTRY_MILLIS), duplicates), keys, values);
  }
}
