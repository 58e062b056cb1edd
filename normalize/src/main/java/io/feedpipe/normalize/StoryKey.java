package io.feedpipe.normalize;

import io.feedpipe.model.StoryKeys;
import java.net.URI;
import java.util.Optional;

/**
 * A story's identity across feeds: the first 32 hex digits of SHA-256 of its link's key form
 * ({@link StoryKeys#keyForm(URI, java.util.function.Predicate)}, the one canonical-link rule, which
 * publish also uses to recognise a story under another guid), or its (feed-scoped) story id when it
 * has no http(s) link. The link is the item's link, else its permalink guid (ingest makes that the
 * link).
 */
final class StoryKey {
  private StoryKey() {}

  /** The story key of a story with this {@linkplain CanonicalUrl#parse parsed} link, else {@code storyId}. */
  static String of(Optional<URI> link, TrackingParameters tracking, String storyId) {
    return link.map(u -> StoryId.hash(StoryKeys.keyForm(u, tracking::isTracking))).orElse(storyId);
  }
}
