package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntBinaryOperator;
import java.util.function.LongPredicate;

/**
 * The stories a feed's state remembers as published, with the feed's {@link Stability}; each in
 * one fixed-width entry: the 64-bit hash of the story id its item last came with ({@link
 * #idHash(String)}), the 64-bit hash of its published content, the last revision published and
 * the second it was last seen in the feed — 24 bytes of heap per story, in one {@code long[]}. The newest
 * stories also keep what tells a story apart when its item comes back under another id ({@link
 * Identity}: the id and story key its events carry, the hash of its canonical link, the
 * fingerprint of its title and text, its dates): 56 bytes more each, in a second {@code long[]}
 * that covers the newest entries up to the last one with an identity ({@link
 * #withIdentityWindow}).
 *
 * <p>Entries are in one order, newest first: by last-seen second descending, then id hash
 * ascending — the order of the feed-state record, so reading or writing one copies and never
 * sorts, and the order in which pruning drops the oldest. A lookup scans: {@code O(n)}, about a
 * microsecond for a few hundred stories; {@link #find} answers a whole poll in one pass.
 *
 * <p>"Seen?" is answered by the id hash. Two different story ids of one feed with the same 64-bit
 * hash would make the second look seen, and it would not be published: for random 64-bit hashes
 * the chance that a new story meets one among {@code n} remembered ones is {@code n / 2^64} — with
 * 300 remembered stories per feed and ten new stories a day in each of 100,000 feeds, about once
 * in 170 million years. Story ids are per feed, so a feed can make only its own stories collide.
 *
 * <p>Last-seen times are whole seconds, rounded up: a story is remembered up to a second longer
 * than its exact last-seen instant says, never shorter. Representable from 1970 to 2106.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} or {@link #toBuilder()}.
 */
public final class SeenStories {
  /** Longs per entry: id hash, content hash, last-seen second (high 32 bits) and revision (low 32). */
  private static final int STRIDE = 3;
  /**
   * Longs per {@link Identity}: published story id (two longs), link key, fingerprint, published
   * second (high 32) and date second (low 32), published story key (two longs).
   */
  private static final int ID_STRIDE = 7;
  /** Longs per entry while building: an entry followed by its identity. */
  private static final int WIDE = STRIDE + ID_STRIDE;
  private static final SeenStories EMPTY = new SeenStories(new long[0], new long[0], Stability.NONE);
  private static final MessageDigest SHA_256;

  static {
    try {
      SHA_256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** Entries newest first (last-seen second descending, id hash ascending), each id once. */
  private final long[] entries;
  /**
   * The identities of the first {@code identities.length / ID_STRIDE} entries, the last of them
   * known (so equal stories hold equal arrays); entries beyond have none.
   */
  private final long[] identities;
  private final Stability stability;

  private SeenStories(long[] entries, long[] identities, Stability stability) {
    this.entries = entries;
    this.identities = identities;
    this.stability = stability;
  }

  /**
   * What tells a remembered story apart besides the id its item came with: all zero when unknown
   * (a story remembered by a state written before these were kept).
   *
   * @param storyIdHigh the first 64 bits of the 128-bit story id its events carry (32 hex digits)
   * @param storyIdLow the last 64 bits of it; both 0 when the id is not 32 hex digits or unknown
   * @param linkKey {@link StoryKeys#linkKey} of its canonical link; 0 without a link
   * @param fingerprint {@link StoryKeys#fingerprint} of its title and text; 0 when unknown
   * @param publishedSecond the date its last event carried, seconds since the epoch; 0 when none
   * @param dateSecond the date its item carried when last seen; 0 when none
   * @param storyKeyHigh the first 64 bits of the {@code storyKey} its first event carried (32 hex
   *     digits), which its later events keep
   * @param storyKeyLow the last 64 bits of it; both 0 when unknown
   */
  public record Identity(long storyIdHigh, long storyIdLow, long linkKey, long fingerprint, long publishedSecond,
      long dateSecond, long storyKeyHigh, long storyKeyLow) {
    public static final Identity UNKNOWN = new Identity(0, 0, 0, 0, 0, 0, 0, 0);

    public Identity {
      if (publishedSecond < 0 || publishedSecond > 0xFFFF_FFFFL || dateSecond < 0 || dateSecond > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("dates must lie in 1970..2106 as seconds, were " + publishedSecond
            + " and " + dateSecond);
      }
    }

    /** An identity whose story key is unknown. */
    public Identity(long storyIdHigh, long storyIdLow, long linkKey, long fingerprint, long publishedSecond,
        long dateSecond) {
      this(storyIdHigh, storyIdLow, linkKey, fingerprint, publishedSecond, dateSecond, 0, 0);
    }

    /** The story key its events carry, when known. */
    public Optional<String> storyKey() {
      return storyKeyHigh != 0 || storyKeyLow != 0
          ? Optional.of(HexFormat.of().toHexDigits(storyKeyHigh) + HexFormat.of().toHexDigits(storyKeyLow))
          : Optional.empty();
    }

    /** Whether the story id its events carry is known. */
    public boolean hasStoryId() {
      return storyIdHigh != 0 || storyIdLow != 0;
    }

    /** The story id its events carry, when known. */
    public Optional<String> storyId() {
      return hasStoryId() ? Optional.of(HexFormat.of().toHexDigits(storyIdHigh) + HexFormat.of().toHexDigits(storyIdLow))
          : Optional.empty();
    }

    /** This identity with the story id {@code storyId} when it is 32 hex digits; else with none. */
    public Identity withStoryId(String storyId) {
      long[] bits = storyIdBits(storyId);
      return new Identity(bits[0], bits[1], linkKey, fingerprint, publishedSecond, dateSecond, storyKeyHigh,
          storyKeyLow);
    }

    /** The 128 bits of a story id of 32 lower-case hex digits, else {0, 0}. */
    public static long[] storyIdBits(String storyId) {
      if (storyId.length() != 32) {
        return new long[2];
      }
      for (int i = 0; i < 32; i++) {
        char c = storyId.charAt(i);
        if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
          return new long[2];
        }
      }
      return new long[] {HexFormat.fromHexDigitsToLong(storyId, 0, 16), HexFormat.fromHexDigitsToLong(storyId, 16, 32)};
    }
  }

  /**
   * What the feed has shown about its guids and dates, counted over its polls that read it.
   *
   * @param guidChangePolls polls in a row in which items of known stories came under new guids
   * @param dateMovePolls polls in a row in which the date of an unchanged story moved
   * @param guidsUnstable whether the feed's guids were found unstable (kept from then on)
   * @param datesUnstable whether the feed's dates were found unstable (kept from then on)
   */
  public record Stability(int guidChangePolls, int dateMovePolls, boolean guidsUnstable, boolean datesUnstable) {
    public static final Stability NONE = new Stability(0, 0, false, false);

    public Stability {
      if (guidChangePolls < 0 || dateMovePolls < 0) {
        throw new IllegalArgumentException("poll counts must not be negative, were " + guidChangePolls + " and "
            + dateMovePolls);
      }
    }
  }

  /** No story remembered. */
  public static SeenStories empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder(new long[0], 0, Stability.NONE);
  }

  /** A builder with room for {@code stories} entries. */
  public static Builder builder(int stories) {
    return new Builder(new long[Math.max(0, stories) * WIDE], 0, Stability.NONE);
  }

  /** A builder holding these entries and this stability. */
  public Builder toBuilder() {
    int n = size();
    long[] wide = new long[n * WIDE];
    for (int i = 0; i < n; i++) {
      System.arraycopy(entries, i * STRIDE, wide, i * WIDE, STRIDE);
      if (i < identityCount()) {
        System.arraycopy(identities, i * ID_STRIDE, wide, i * WIDE + STRIDE, ID_STRIDE);
      }
    }
    return new Builder(wide, n, stability);
  }

  /** What the feed has shown about its guids and dates. */
  public Stability stability() {
    return stability;
  }

  /** These stories with the feed's stability {@code stability}. */
  public SeenStories withStability(Stability stability) {
    requireNonNull(stability, "stability");
    return stability.equals(this.stability) ? this : new SeenStories(entries, identities, stability);
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
    return i < 0 ? Optional.empty() : Optional.of(item(i));
  }

  public boolean contains(String storyId) {
    return indexOf(idHash(storyId)) >= 0;
  }

  /** The remembered stories among {@code idHashes}, found in one pass: what a poll needs to know. */
  public Map<Long, SeenItem> find(Set<Long> idHashes) {
    requireNonNull(idHashes, "idHashes");
    Map<Long, SeenItem> found = new HashMap<>();
    for (int i = 0, n = size(); i < n && found.size() < idHashes.size(); i++) {
      if (idHashes.contains(idHash(i))) {
        found.put(idHash(i), item(i));
      }
    }
    return found;
  }

  /** The index of the entry with this id hash, or -1. */
  public int indexOf(long idHash) {
    for (int at = 0; at < entries.length; at += STRIDE) {
      if (entries[at] == idHash) {
        return at / STRIDE;
      }
    }
    return -1;
  }

  private SeenItem item(int i) {
    return new SeenItem(contentHash(i), revision(i), lastSeenAt(i));
  }

  /** Entry {@code i}'s id hash; entries are newest first. */
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

  /**
   * How many of the newest entries may have an {@link Identity}: those up to the last one that has
   * one; every entry from there on has none.
   */
  public int identityCount() {
    return identities.length / ID_STRIDE;
  }

  /** Entry {@code i}'s {@link Identity}: {@link Identity#UNKNOWN} beyond the identity window. */
  public Identity identity(int i) {
    return i < identityCount() ? identityAt(identities, i * ID_STRIDE) : Identity.UNKNOWN;
  }

  /** Entry {@code i}'s link key ({@link Identity#linkKey}), 0 when none. */
  public long linkKey(int i) {
    return i < identityCount() ? identities[i * ID_STRIDE + 2] : 0;
  }

  /** Entry {@code i}'s fingerprint ({@link Identity#fingerprint}), 0 when unknown. */
  public long fingerprint(int i) {
    return i < identityCount() ? identities[i * ID_STRIDE + 3] : 0;
  }

  /** Whether entry {@code i} knows the story id its events carry. */
  public boolean hasStoryId(int i) {
    return i < identityCount() && (identities[i * ID_STRIDE] != 0 || identities[i * ID_STRIDE + 1] != 0);
  }

  /**
   * These stories with identities kept only for the {@code window} newest and for those {@code
   * always} accepts (by id hash); the others forget theirs, and are still seen and compared by
   * their hashes as before.
   */
  public SeenStories withIdentityWindow(int window, LongPredicate always) {
    requireNonNull(always, "always");
    if (window < 0) {
      throw new IllegalArgumentException("window must not be negative, was " + window);
    }
    int m = identityCount();
    if (m <= window) {
      return this;
    }
    long[] kept = identities.clone();
    for (int i = window; i < m; i++) {
      if (!always.test(idHash(i))) {
        Arrays.fill(kept, i * ID_STRIDE, (i + 1) * ID_STRIDE, 0);
      }
    }
    long[] trimmed = knownPrefix(kept, m);
    return trimmed.length == identities.length ? this : new SeenStories(entries, trimmed, stability);
  }

  private static Identity identityAt(long[] a, int at) {
    return new Identity(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4] >>> 32, a[at + 4] & 0xFFFF_FFFFL, a[at + 5],
        a[at + 6]);
  }

  /** {@code ids} (identities of {@code n} entries) cut after the last known one. */
  private static long[] knownPrefix(long[] ids, int n) {
    int m = n;
    while (m > 0 && isUnknown(ids, (m - 1) * ID_STRIDE)) {
      m--;
    }
    return m * ID_STRIDE == ids.length ? ids : Arrays.copyOf(ids, m * ID_STRIDE);
  }

  private static boolean isUnknown(long[] a, int at) {
    for (int k = 0; k < ID_STRIDE; k++) {
      if (a[at + k] != 0) {
        return false;
      }
    }
    return true;
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
    int m = identityCount();
    long[] out = new long[entries.length];
    long[] ids = new long[identities.length];
    int kept = 0;
    int others = 0;
    for (int i = 0; i < n; i++) { // newest first, so the others kept are the newest
      boolean keep = always.test(idHash(i)) || lastSeenSecond(i) >= oldestSecond && others++ < maxOthers;
      if (keep) {
        System.arraycopy(entries, i * STRIDE, out, kept * STRIDE, STRIDE);
        if (i < m) {
          System.arraycopy(identities, i * ID_STRIDE, ids, kept * ID_STRIDE, ID_STRIDE);
        }
        kept++;
      }
    }
    return kept == n ? this
        : new SeenStories(Arrays.copyOf(out, kept * STRIDE), knownPrefix(ids, Math.min(kept, m)), stability);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeenStories other && Arrays.equals(entries, other.entries)
        && Arrays.equals(identities, other.identities) && stability.equals(other.stability);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(entries) * 31 + Arrays.hashCode(identities)) * 31 + stability.hashCode();
  }

  @Override
  public String toString() {
    return "SeenStories[" + size() + " stories]";
  }

  /**
   * Collects entries; of entries with the same id hash, the last put counts, and an id hash {@link
   * #remove removed} is left out. Not thread-safe.
   */
  public static final class Builder {
    private long[] entries;
    private int size;
    private Stability stability;
    private final Set<Long> removed = new java.util.HashSet<>();

    private Builder(long[] entries, int size, Stability stability) {
      this.entries = entries;
      this.size = size;
      this.stability = stability;
    }

    /** Remembers a story: {@code lastSeenAt} is rounded up to the second. */
    public Builder put(long idHash, long contentHash, int revision, Instant lastSeenAt) {
      return putSecond(idHash, contentHash, revision, secondOf(requireNonNull(lastSeenAt, "lastSeenAt")));
    }

    /** Remembers a story with its identity: {@code lastSeenAt} is rounded up to the second. */
    public Builder put(long idHash, long contentHash, int revision, Instant lastSeenAt, Identity identity) {
      return putSecond(idHash, contentHash, revision, secondOf(requireNonNull(lastSeenAt, "lastSeenAt")), identity);
    }

    /** Remembers a story last seen at {@code lastSeenSecond} (seconds since the epoch, 0..2^32-1). */
    public Builder putSecond(long idHash, long contentHash, int revision, long lastSeenSecond) {
      return putSecond(idHash, contentHash, revision, lastSeenSecond, Identity.UNKNOWN);
    }

    /** Leaves out the entry with this id hash, put before or after: a story now remembered under another id. */
    public Builder remove(long idHash) {
      removed.add(idHash);
      return this;
    }

    /** The feed's stability the built stories carry. */
    public Builder stability(Stability stability) {
      this.stability = requireNonNull(stability, "stability");
      return this;
    }

    /** Remembers a story last seen at {@code lastSeenSecond}, with its identity. */
    public Builder putSecond(long idHash, long contentHash, int revision, long lastSeenSecond, Identity identity) {
      requireNonNull(identity, "identity");
      if (revision < 1) {
        throw new IllegalArgumentException("revision must be at least 1, was " + revision);
      }
      if (lastSeenSecond < 0 || lastSeenSecond > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("last-seen second " + lastSeenSecond + " lies outside 1970..2106");
      }
      if ((size + 1) * WIDE > entries.length) {
        entries = Arrays.copyOf(entries, Math.max(WIDE * 8, entries.length * 2));
      }
      int at = size * WIDE;
      entries[at] = idHash;
      entries[at + 1] = contentHash;
      entries[at + 2] = lastSeenSecond << 32 | revision;
      entries[at + 3] = identity.storyIdHigh();
      entries[at + 4] = identity.storyIdLow();
      entries[at + 5] = identity.linkKey();
      entries[at + 6] = identity.fingerprint();
      entries[at + 7] = identity.publishedSecond() << 32 | identity.dateSecond();
      entries[at + 8] = identity.storyKeyHigh();
      entries[at + 9] = identity.storyKeyLow();
      size++;
      return this;
    }

    /**
     * The entries newest first. Entries put in that order with each id once — as a feed-state
     * record holds them — are taken as they are, in one pass; others are sorted.
     */
    public SeenStories build() {
      if (size == 0) {
        return stability.equals(Stability.NONE) ? EMPTY : new SeenStories(new long[0], new long[0], stability);
      }
      long[] e = entries;
      boolean[] dropped = lastPutOfEachId(e, size);
      if (!removed.isEmpty()) {
        for (int i = 0; i < size; i++) {
          dropped[i] |= removed.contains(e[i * WIDE]);
        }
      }
      int[] order = null;
      for (int i = 1; i < size && order == null; i++) {
        if (newerFirst(e, i - 1, i) > 0) {
          order = IndexSort.sorted(size, (x, y) -> newerFirst(e, x, y));
        }
      }
      long[] out = new long[size * STRIDE];
      long[] ids = new long[size * ID_STRIDE];
      int n = 0;
      for (int k = 0; k < size; k++) {
        int i = order == null ? k : order[k];
        if (!dropped[i]) {
          System.arraycopy(e, i * WIDE, out, n * STRIDE, STRIDE);
          System.arraycopy(e, i * WIDE + STRIDE, ids, n * ID_STRIDE, ID_STRIDE);
          n++;
        }
      }
      return new SeenStories(n == size ? out : Arrays.copyOf(out, n * STRIDE), knownPrefix(ids, n), stability);
    }

    /** Newest first: last-seen second descending, then id hash ascending. */
    private static int newerFirst(long[] e, int a, int b) {
      int byTime = Long.compare(e[b * WIDE + 2] >>> 32, e[a * WIDE + 2] >>> 32);
      return byTime != 0 ? byTime : Long.compare(e[a * WIDE], e[b * WIDE]);
    }

    /**
     * Which entries a later put of the same id replaces: an open-addressing set of the ids seen
     * walking back from the last put, so a record of n stories is checked in {@code O(n)}.
     */
    private static boolean[] lastPutOfEachId(long[] e, int size) {
      int capacity = Integer.highestOneBit(2 * size - 1) << 1; // at most half full
      long[] table = new long[capacity];
      boolean[] used = new boolean[capacity];
      boolean[] dropped = new boolean[size];
      for (int i = size - 1; i >= 0; i--) {
        long id = e[i * WIDE];
        int slot = (int) (mix(id) & (capacity - 1));
        while (used[slot] && table[slot] != id) {
          slot = (slot + 1) & (capacity - 1);
        }
        if (used[slot]) {
          dropped[i] = true;
        } else {
          used[slot] = true;
          table[slot] = id;
        }
      }
      return dropped;
    }

    private static long mix(long id) {
      long h = id * 0x9E3779B97F4A7C15L;
      return h ^ (h >>> 32);
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
