package io.feedpipe.publish;

import io.feedpipe.model.SeenStories;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which remembered story each item of a poll is: the identity rule. Pure; one instance per poll.
 *
 * <p>An item is the story remembered under its own id (the hash of the story id its guid gives)
 * when there is one. Otherwise it is a remembered story that has the same canonical link and the
 * same fingerprint (title and text): a changed guid alone never makes a new story. Otherwise, if
 * that story's own item is no longer in the feed, it is the remembered story with the same
 * fingerprint (the link moved: a revision; only for an item with a text, since a bare title such
 * as "Photo of the day" names no one story), or — only in a feed whose guids were found unstable —
 * with the same canonical link (the text changed: a revision). Anything else is a new story.
 *
 * <p>The inverse guard: two items of one poll are never one story unless they have the same link
 * and fingerprint, and in a feed whose guids are stable, an item with a new guid and another
 * fingerprint than every absent story is a new story even when it shares their link — live blogs,
 * "updates" pages and feeds that link every item to their home page keep all their stories. Its
 * limits: in a feed with stable guids, a guid change in the same poll as an edit of the text (or
 * title) makes a new story; in a feed found guid-unstable, two items sharing a link are told apart
 * only while both are in the feed (an item replacing another on the same link is taken for its
 * revision); and only stories still remembered (see {@code publish.seenRetention}) and written
 * with their identity (not those only in a state from before it was kept) are matched.
 *
 * <p>Cost: a lookup by id scans the remembered stories once; an item under a new id scans them
 * again and the poll's earlier items, so a poll of {@code k} new ids against {@code n} remembered
 * stories is {@code O(k (k + n))} comparisons of longs — a few million for a feed of a thousand
 * items remembering two thousand stories.
 */
final class StoryMatcher {
  /** What an item of the poll is. */
  sealed interface Match {}

  /** The remembered story at {@code index}, under the item's own id. */
  record Own(int index) implements Match {}

  /** The remembered story at {@code index}, found by another identity than the item's id. */
  record Other(int index, Via via) implements Match {}

  /** The story of the poll's earlier item {@code item}: the same id again, or the same link and fingerprint. */
  record SameAsItem(int item, boolean sameId) implements Match {}

  /** A story not remembered. */
  record New() implements Match {}

  /** The identity by which an item was found to be a remembered story. */
  enum Via {
    /** Same canonical link and fingerprint, or (in a guid-unstable feed) same canonical link. */
    LINK("link"),
    /** Same title and text, another link. */
    FINGERPRINT("fingerprint");

    final String label;

    Via(String label) {
      this.label = label;
    }
  }

  /**
   * The keys of one item: the hash of its story id, its link key (0 without a link), its fingerprint,
   * and whether it has a text (a title alone is too little to find a story under another link).
   */
  record Keys(long idHash, long linkKey, long fingerprint, boolean hasText) {}

  private StoryMatcher() {}

  /** What each item of {@code items} (in poll order) is, against {@code seen}. */
  static List<Match> match(SeenStories seen, List<Keys> items) {
    int n = items.size();
    Match[] matches = new Match[n];
    Set<Long> claimed = new HashSet<>(); // remembered stories an item of this poll is
    Map<Long, Integer> ownerOf = new HashMap<>(); // id hash → the first item with it
    for (int k = 0; k < n; k++) {
      ownerOf.putIfAbsent(items.get(k).idHash(), k);
    }
    // 1. own ids, and the same item twice
    for (int k = 0; k < n; k++) {
      Keys item = items.get(k);
      int first = ownerOf.get(item.idHash());
      if (first < k) {
        matches[k] = new SameAsItem(first, true);
        continue;
      }
      int i = seen.indexOf(item.idHash());
      if (i >= 0) {
        matches[k] = new Own(i);
        claimed.add(item.idHash());
      }
    }
    // 2. a copy of an earlier item (same link and fingerprint), or a remembered story under a new guid with both the same
    for (int k = 0; k < n; k++) {
      if (matches[k] != null) {
        continue;
      }
      Keys item = items.get(k);
      for (int j = 0; j < k && matches[k] == null; j++) {
        Keys earlier = items.get(j);
        if (earlier.linkKey() == item.linkKey() && earlier.fingerprint() == item.fingerprint()
            && !(matches[j] instanceof SameAsItem)) {
          matches[k] = new SameAsItem(j, false);
        }
      }
      if (matches[k] != null) {
        continue;
      }
      int i = find(seen, item);
      if (i >= 0) {
        long owner = seen.idHash(i);
        if (ownerOf.containsKey(owner)) {
          matches[k] = new SameAsItem(ownerOf.get(owner), false); // the story's own item is in the poll too
        } else if (!claimed.contains(owner)) {
          matches[k] = new Other(i, item.linkKey() != 0 ? Via.LINK : Via.FINGERPRINT);
          claimed.add(owner);
        }
      }
    }
    // 3. a remembered story whose own item left the feed: same title and text, or (guids unstable) same link
    boolean byLink = seen.stability().guidsUnstable();
    for (int k = 0; k < n; k++) {
      if (matches[k] != null) {
        continue;
      }
      Keys item = items.get(k);
      int i = -1;
      for (int at = 0, size = seen.size(); at < size && i < 0; at++) {
        if (item.hasText() && matchable(seen, at, claimed) && seen.fingerprint(at) == item.fingerprint()) {
          i = at;
        }
      }
      Via via = Via.FINGERPRINT;
      if (i < 0 && byLink && item.linkKey() != 0) {
        for (int at = 0, size = seen.size(); at < size && i < 0; at++) {
          if (matchable(seen, at, claimed) && seen.linkKey(at) == item.linkKey()) {
            i = at;
          }
        }
        via = Via.LINK;
      }
      if (i >= 0) {
        matches[k] = new Other(i, via);
        claimed.add(seen.idHash(i));
      } else {
        matches[k] = new New();
      }
    }
    return new ArrayList<>(List.of(matches));
  }

  /** The newest remembered story with the item's link and fingerprint whose events' id is known, or -1. */
  private static int find(SeenStories seen, Keys item) {
    for (int at = 0, size = seen.size(); at < size; at++) {
      if (seen.fingerprint(at) == item.fingerprint() && seen.linkKey(at) == item.linkKey() && seen.hasStoryId(at)) {
        return at;
      }
    }
    return -1;
  }

  /** Whether remembered story {@code at} may be taken by an item under another id: its identity known, not yet taken. */
  private static boolean matchable(SeenStories seen, int at, Set<Long> claimed) {
    return seen.hasStoryId(at) && seen.fingerprint(at) != 0 && !claimed.contains(seen.idHash(at));
  }
}
