package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntBinaryOperator;
import java.util.function.LongPredicate;

/**
 * The stories a feed's state remembers as published, each in one fixed-width entry: the 64-bit
 * hash of its story id ({@link #idHash(String)}), the 64-bit hash of its published content, the
 * last revision published and the second it was last seen in the feed. That is 24 bytes of heap
 * per story in one {@code long[]}, sorted by id hash, looked up by binary search.
 *
 * <p>"Seen?" is answered by the id hash. Two different story ids of one feed with the same 64-bit
 * hash would make the second look seen and it would not be published: for random 64-bit hashes the
 * chance that a new story meets one among {@code n} remembered ones is {@code n / 2^64} — with 300
 * remembered stories per feed, 100,000 feeds and ten new stories per feed a day, about once in
 * 10^10 years. Story ids are per feed, so a feed can make only its own stories collide.
 *
 * <p>Last-seen times are whole seconds, rounded up: a story is remembered up to a second longer
 * than its exact last-seen instant says, never shorter. Representable from 1970 to 2106.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} or {@link #toBuilder()}.
 */
public final class SeenStories {
  /** Longs per entry: id hash, content hash, then last-seen second (high 32 bits) and revision (low 32). */
  private static final int STRIDE = 3;
  private static final SeenStories EMPTY = new SeenStories(new long[0]);
  private static final MessageDigest SHA_256;

  static {
    try {
      SHA_256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** Entries sorted by id hash (signed order), each id once. */
  private final long[] entries;

  private SeenStories(long[] entries) {
    this.entries = entries;
  }

  /** No story remembered. */
  public static SeenStories empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder(new long[0], 0);
  }

  /** A builder holding these entries. */
  public Builder toBuilder() {
    return new Builder(entries.clone(), size());
  }

  /** The 64-bit hash a story id is remembered by: the first 8 bytes of SHA-256 of its UTF-8, big-endian. */
  public static long idHash(String storyId) {
    requireNonNull(storyId, "storyId");
    byte[] digest = sha256().digest(storyId.getBytes(StandardCharsets.UTF_8));
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = h << 8 | (digest[i] & 0xff);
    }
    return h;
  }

  private static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException impossible) {
        throw new IllegalStateException("SHA-256 is required of every JDK", impossible);
      }
    }
  }

  /** A last-seen instant as the whole second it is remembered as: rounded up. */
  public static long secondOf(Instant lastSeenAt) {
    long second = lastSeenAt.getEpochSecond() + (lastSeenAt.getNano() > 0 ? 1 : 0);
    if (second < 0 || second > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("last-seen time " + lastSeenAt + " lies outside 1970..2106");
    }
    return second;
  }

  public int size() {
    return entries.length / STRIDE;
  }

  public boolean isEmpty() {
    return entries.length == 0;
  }

  /** The story with this id, when remembered. */
  public Optional<SeenItem> get(String storyId) {
    return get(idHash(storyId));
  }

  /** The story with this id hash, when remembered. */
  public Optional<SeenItem> get(long idHash) {
    int i = indexOf(idHash);
    return i < 0 ? Optional.empty() : Optional.of(new SeenItem(contentHash(i), revision(i), lastSeenAt(i)));
  }

  public boolean contains(String storyId) {
    return indexOf(idHash(storyId)) >= 0;
  }

  /** The index of the entry with this id hash, or a negative number. */
  public int indexOf(long idHash) {
    int low = 0;
    int high = size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long at = entries[mid * STRIDE];
      if (at < idHash) {
        low = mid + 1;
      } else if (at > idHash) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** Entry {@code i}'s id hash; entries are in ascending (signed) order of it. */
  public long idHash(int i) {
    return entries[i * STRIDE];
  }

  public long contentHash(int i) {
    return entries[i * STRIDE + 1];
  }

  public int revision(int i) {
    return (int) entries[i * STRIDE + 2];
  }

  /** Entry {@code i}'s last-seen time in seconds since the epoch. */
  public long lastSeenSecond(int i) {
    return entries[i * STRIDE + 2] >>> 32;
  }

  public Instant lastSeenAt(int i) {
    return Instant.ofEpochSecond(lastSeenSecond(i));
  }

  /** The entry indexes from the most recently seen to the least; equal times in ascending id hash. */
  public int[] newestFirst() {
    return IndexSort.sorted(size(), (a, b) -> {
      int byTime = Long.compare(lastSeenSecond(b), lastSeenSecond(a));
      return byTime != 0 ? byTime : Long.compare(idHash(a), idHash(b));
    });
  }

  /**
   * These stories less the forgotten ones: every story {@code always} accepts (by id hash) is kept;
   * of the others, those last seen before {@code oldestSecond} are dropped, and of the rest the
   * {@code maxOthers} most recently seen are kept (equal times: the lower id hashes).
   */
  public SeenStories retain(LongPredicate always, long oldestSecond, int maxOthers) {
    requireNonNull(always, "always");
    if (maxOthers < 0) {
      throw new IllegalArgumentException("maxOthers must not be negative, was " + maxOthers);
    }
    int n = size();
    boolean[] keep = new boolean[n];
    int others = 0;
    for (int i = 0; i < n; i++) {
      if (always.test(idHash(i))) {
        keep[i] = true;
      } else if (lastSeenSecond(i) >= oldestSecond) {
        keep[i] = true;
        others++;
      }
    }
    if (others > maxOthers) {
      int left = maxOthers;
      for (int i : newestFirst()) {
        if (keep[i] && !always.test(idHash(i))) {
          keep[i] = left > 0;
          left--;
        }
      }
    }
    int kept = 0;
    for (boolean k : keep) {
      kept += k ? 1 : 0;
    }
    if (kept == n) {
      return this;
    }
    long[] out = new long[kept * STRIDE];
    int o = 0;
    for (int i = 0; i < n; i++) {
      if (keep[i]) {
        System.arraycopy(entries, i * STRIDE, out, o, STRIDE);
        o += STRIDE;
      }
    }
    return new SeenStories(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeenStories other && Arrays.equals(entries, other.entries);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(entries);
  }

  @Override
  public String toString() {
    return "SeenStories[" + size() + " stories]";
  }

  /**
   * Collects entries; {@link #put} replaces an entry with the same id hash. Not thread-safe.
   */
  public static final class Builder {
    private long[] entries;
    private int size;

    private Builder(long[] entries, int size) {
      this.entries = entries;
      this.size = size;
    }

    /** Remembers a story: {@code lastSeenAt} is rounded up to the second. */
    public Builder put(long idHash, long contentHash, int revision, Instant lastSeenAt) {
      return putSecond(idHash, contentHash, revision, secondOf(requireNonNull(lastSeenAt, "lastSeenAt")));
    }

    /** Remembers a story last seen at {@code lastSeenSecond} (seconds since the epoch, 0..2^32-1). */
    public Builder putSecond(long idHash, long contentHash, int revision, long lastSeenSecond) {
      if (revision < 1) {
        throw new IllegalArgumentException("revision must be at least 1, was " + revision);
      }
      if (lastSeenSecond < 0 || lastSeenSecond > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("last-seen second " + lastSeenSecond + " lies outside 1970..2106");
      }
      if ((size + 1) * STRIDE > entries.length) {
        entries = Arrays.copyOf(entries, Math.max(STRIDE * 8, entries.length * 2));
      }
      int at = size * STRIDE;
      entries[at] = idHash;
      entries[at + 1] = contentHash;
      entries[at + 2] = lastSeenSecond << 32 | revision;
      size++;
      return this;
    }

    /** The entries sorted by id hash; of entries with the same id hash, the last put. */
    public SeenStories build() {
      if (size == 0) {
        return EMPTY;
      }
      long[] e = entries;
      int[] order = IndexSort.sorted(size, (a, b) -> Long.compare(e[a * STRIDE], e[b * STRIDE]));
      long[] out = new long[size * STRIDE];
      int n = 0;
      for (int k = 0; k < size; k++) {
        int i = order[k];
        boolean replacedByNext = k + 1 < size && e[order[k + 1] * STRIDE] == e[i * STRIDE];
        if (!replacedByNext) { // the sort is stable: the last put of an id comes last
          System.arraycopy(e, i * STRIDE, out, n * STRIDE, STRIDE);
          n++;
        }
      }
      return new SeenStories(n == size ? out : Arrays.copyOf(out, n * STRIDE));
    }
  }

  /** A stable merge sort of indexes {@code 0..n-1}, so entries can be ordered without boxing. */
  private static final class IndexSort {
    private IndexSort() {}

    static int[] sorted(int n, IntBinaryOperator compare) {
      int[] a = new int[n];
      for (int i = 0; i < n; i++) {
        a[i] = i;
      }
      int[] buffer = new int[n];
      for (int width = 1; width < n; width *= 2) {
        for (int low = 0; low < n - width; low += 2 * width) {
          int mid = low + width;
          int high = Math.min(low + 2 * width, n);
          if (compare.applyAsInt(a[mid - 1], a[mid]) <= 0) {
            continue; // already in order
          }
          System.arraycopy(a, low, buffer, low, high - low);
          int i = low;
          int j = mid;
          for (int k = low; k < high; k++) {
            if (j >= high || i < mid && compare.applyAsInt(buffer[i], buffer[j]) <= 0) {
              a[k] = buffer[i++];
            } else {
              a[k] = buffer[j++];
            }
          }
        }
      }
      return a;
    }
  }
}
