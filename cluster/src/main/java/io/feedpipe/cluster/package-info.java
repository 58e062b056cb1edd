/**
 * cluster: the Kafka Streams stage that reads the story events — one event per story across feeds
 * ({@code <prefix>.stories.unique}), and copies of one story across outlets grouped
 * ({@code <prefix>.clusters}).
 *
 * <p>Door: {@link io.feedpipe.cluster.ClusterStage} (start, state, close) with {@link
 * io.feedpipe.cluster.ClusterSettings}, and {@link io.feedpipe.cluster.Cluster} (a clusters record).
 *
 * <p>Design note. Identity across feeds is exact: events of one {@code storyKey} (the hash of the
 * canonical link, computed by normalize) meet in one partition, and a window store per key says
 * what passed. Identity across outlets is judged: each story's text becomes its five-word
 * shingles; a content-defined sample of them (anchors) indexes the stories of the last window, the
 * stories sharing the most anchors are the candidates, and a candidate joins only when the whole
 * texts verify ({@link io.feedpipe.cluster.TextMatch}). Every store is a window store, so state
 * is bounded by the window, and changelogged, so {@code exactly_once_v2} covers state and output
 * alike; the anchor postings, derived from the placed stories, are built from them in memory when
 * the task starts. Nothing here parses feeds or HTML: the stage reads what publish wrote.
 */
@NullMarked
package io.feedpipe.cluster;

import org.jspecify.annotations.NullMarked;
