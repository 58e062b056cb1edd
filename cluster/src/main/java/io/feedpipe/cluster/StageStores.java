package io.feedpipe.cluster;

/**
 * The names of the stage's state stores (their changelog topics are {@code
 * <application.id>-<name>-changelog}).
 *
 * @param unique story key → {@link UniqueState}, for {@link UniqueFilter}
 * @param stories story key → {@link IndexedStory}, for {@link Clusterer}
 * @param clusters cluster id → latest {@link Cluster} JSON, for {@link Clusterer}
 */
record StageStores(String unique, String stories, String clusters) {
  static final StageStores NAMES = new StageStores("unique-by-story-key", "clustered-stories", "clusters");
}
