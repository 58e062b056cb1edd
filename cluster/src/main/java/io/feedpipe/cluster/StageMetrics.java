package io.feedpipe.cluster;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The stage's counters, registered on one registry. Thread-safe (Micrometer counters).
 *
 * <ul>
 *   <li>{@code feedpipe.unique.stories{result=first|revision|duplicate}}: events the dedupe step
 *       passed as the first of their story key or as a revision, and copies it suppressed;
 *   <li>{@code feedpipe.clusters.formed}: clusters that reached two members;
 *   <li>{@code feedpipe.clusters.joined}: stories that joined an existing cluster;
 *   <li>{@code feedpipe.clusters.grown{size=2|3|5|10|20|50|100}}: clusters that reached at least
 *       that many members — the size distribution, cumulative (clusters of 5 to 9 members: {@code
 *       size=5} less {@code size=10});
 *   <li>{@code feedpipe.stage.unreadable}: events the stage skipped because it could not read them.
 * </ul>
 *
 * <p>They count processing: after a crash, Kafka Streams processes again what it had not committed,
 * and counts it again; the topics themselves hold each result once.
 */
final class StageMetrics {
  /** The sizes {@code feedpipe.clusters.grown} marks. */
  static final List<Integer> SIZES = List.of(2, 3, 5, 10, 20, 50, 100);

  private final Counter first;
  private final Counter revision;
  private final Counter duplicate;
  private final Counter formed;
  private final Counter joined;
  private final Counter[] grown;
  private final Counter unreadable;

  StageMetrics(MeterRegistry registry) {
    requireNonNull(registry, "registry");
    first = unique(registry, "first");
    revision = unique(registry, "revision");
    duplicate = unique(registry, "duplicate");
    formed = Counter.builder("feedpipe.clusters.formed").description("Clusters that reached two members")
        .register(registry);
    joined = Counter.builder("feedpipe.clusters.joined").description("Stories that joined an existing cluster")
        .register(registry);
    grown = new Counter[SIZES.size()];
    for (int i = 0; i < grown.length; i++) {
      grown[i] = Counter.builder("feedpipe.clusters.grown").tag("size", SIZES.get(i).toString())
          .description("Clusters that reached at least this many members").register(registry);
    }
    unreadable = Counter.builder("feedpipe.stage.unreadable")
        .description("Events on the stories topic the stage could not read and skipped").register(registry);
  }

  private static Counter unique(MeterRegistry registry, String result) {
    return Counter.builder("feedpipe.unique.stories").tag("result", result)
        .description("Events passed to the unique topic (first, revision) or suppressed as copies (duplicate)")
        .register(registry);
  }

  void passedFirst() {
    first.increment();
  }

  void passedRevision() {
    revision.increment();
  }

  void suppressedDuplicate() {
    duplicate.increment();
  }

  void unreadable() {
    unreadable.increment();
  }

  /** A story joined a cluster, which now has {@code size} members. */
  void joined(int size) {
    joined.increment();
    if (size == 2) {
      formed.increment();
    }
    int i = SIZES.indexOf(size);
    if (i >= 0) {
      grown[i].increment();
    }
  }
}
