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
 *   → key by story key → repartition "by-story-key" (one partition)
 *   → dedupe (store unique-by-story-key) ─→ &lt;prefix&gt;.stories.unique (key story key)
 *   → cluster (stores clustered-stories, clusters) ─→ &lt;prefix&gt;.clusters (key cluster id)
 * </pre>
 *
 * Clustering compares every story with every other in the window, so it is one task, and the
 * dedupe step shares it: the events of a story key meet there all the same, and the story passes
 * to clustering in memory, not through a second repartition topic (which cost a third of the
 * stage's time). Reading and keying the stories scales with the stories topic's partitions; more
 * instances beyond that give fail-over, not throughput. The stores are persistent (RocksDB) window
 * stores, each entry a point in time ({@value #ENTRY_MILLIS} ms wide), kept for the window (the
 * dedupe window for the dedupe store), with changelogs; the anchor postings are derived from the
 * placed stories and kept in memory ({@link AnchorIndex}).
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
    builder.addStateStore(store(names.clusters(), window, false, Serdes.String(), Serdes.ByteArray()));

    KStream<String, UniqueFilter.Passed> unique = builder
        .stream(topics.stories(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("stories"))
        .process(() -> new KeyByStoryKey(metrics), Named.as("key-by-story-key"))
        .repartition(Repartitioned.<String, byte[]>as("by-story-key")
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(1))
        .process(() -> new UniqueFilter(names.unique(), dedupeWindow, metrics), Named.as("dedupe"), names.unique());
    unique.mapValues(UniqueFilter.Passed::event, Named.as("event-bytes"))
        .to(topics.storiesUnique(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("stories-unique"));
    unique.mapValues(UniqueFilter.Passed::story, Named.as("story-view"))
        .process(() -> new Clusterer(names, window, metrics), Named.as("cluster"),
            names.stories(), names.clusters())
        .to(topics.clusters(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("clusters"));
    return builder.build();
  }

  private static <K, V> StoreBuilder<WindowStore<K, V>> store(
      String name, Duration retention, boolean duplicates, Serde<K> keys, Serde<V> values) {
    return Stores.windowStoreBuilder(
        Stores.persistentWindowStore(name, retention, Duration.ofMillis(ENTRY_MILLIS), duplicates), keys, values);
  }
}
