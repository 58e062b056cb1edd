package io.feedpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeenStoriesTest {
  private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

  @Test
  void theIdHashIsTheFirstEightBytesOfSha256() {
    // SHA-256("abc") = ba7816bf8f01cfea 414140de5dae2223 ...
    assertThat(SeenStories.idHash("abc")).isEqualTo(0xba7816bf8f01cfeaL);
  }

  @Test
  void storiesAreFoundByTheirIdAndTheLastPutOfAnIdWins() {
    SeenStories seen = SeenStories.builder()
        .put(SeenStories.idHash("b"), 2, 1, T0)
        .put(SeenStories.idHash("a"), 1, 1, T0)
        .put(SeenStories.idHash("b"), 3, 2, T0.plusSeconds(5))
        .build();

    assertThat(seen.size()).isEqualTo(2);
    assertThat(seen.get("b")).contains(new SeenItem(3, 2, T0.plusSeconds(5)));
    assertThat(seen.get("a")).contains(new SeenItem(1, 1, T0));
    assertThat(seen.get("c")).isEmpty();
    assertThat(seen.idHash(0)).as("newest first").isEqualTo(SeenStories.idHash("b"));
  }

  @Test
  void theLastPutOfAnIdWinsWhateverItsTime() {
    SeenStories seen = SeenStories.builder().put(1, 10, 1, T0.plusSeconds(9)).put(2, 20, 1, T0).put(1, 11, 2, T0).build();

    assertThat(seen.size()).isEqualTo(2);
    assertThat(seen.get(1)).contains(new SeenItem(11, 2, T0));
  }

  @Test
  void findAnswersForManyIdsInOnePass() {
    SeenStories seen = SeenStories.builder().put(1, 10, 1, T0).put(2, 20, 3, T0).build();

    assertThat(seen.find(Set.of(2L, 3L))).containsExactly(java.util.Map.entry(2L, new SeenItem(20, 3, T0)));
  }

  @Test
  void lastSeenTimesAreRoundedUpToTheSecond() {
    SeenStories seen = SeenStories.builder().put(7, 1, 1, T0.plusNanos(1)).put(8, 1, 1, T0).build();

    assertThat(seen.get(7).orElseThrow().lastSeenAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(seen.get(8).orElseThrow().lastSeenAt()).isEqualTo(T0);
  }

  @Test
  void timesOutsideWhatThirtyTwoBitsOfSecondsHoldAreRefused() {
    assertThatThrownBy(() -> SeenStories.builder().put(1, 1, 1, Instant.parse("1969-12-31T23:59:59Z")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1970..2106");
    assertThatThrownBy(() -> SeenStories.builder().put(1, 1, 1, Instant.parse("2107-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SeenStories.builder().put(1, 1, 0, T0)).hasMessageContaining("revision");
  }

  @Test
  void retainKeepsTheChosenAndTheNewestOthersWithinTheHorizon() {
    SeenStories.Builder b = SeenStories.builder();
    for (int i = 0; i < 10; i++) {
      b.put(i, i, 1, T0.plusSeconds(i));
    }
    SeenStories seen = b.build();

    SeenStories kept = seen.retain(id -> id == 0, T0.plusSeconds(3).getEpochSecond(), 4);

    // 0 always; 3..9 within the horizon, of which the newest four: 6..9
    assertThat(ids(kept)).containsExactlyInAnyOrder(0L, 6L, 7L, 8L, 9L);
    assertThat(seen.retain(id -> false, 0, 100)).isSameAs(seen);
  }

  @Test
  void equalTimesAtTheCapKeepTheLowerIdHashes() {
    SeenStories seen = SeenStories.builder().put(5, 0, 1, T0).put(-3, 0, 1, T0).put(9, 0, 1, T0).build();

    assertThat(ids(seen.retain(id -> false, 0, 2))).containsExactlyInAnyOrder(-3L, 5L);
  }

  @Test
  void entriesAreNewestFirstThenByIdHashHoweverPut() {
    SeenStories seen = SeenStories.builder().put(5, 0, 1, T0).put(1, 0, 1, T0.plusSeconds(9)).put(2, 0, 1, T0).build();

    assertThat(new long[] {seen.idHash(0), seen.idHash(1), seen.idHash(2)}).containsExactly(1L, 2L, 5L);
    assertThat(SeenStories.builder().put(1, 0, 1, T0.plusSeconds(9)).put(2, 0, 1, T0).put(5, 0, 1, T0).build())
        .as("put in order: the same").isEqualTo(seen);
  }

  private static Set<Long> ids(SeenStories s) {
    Set<Long> ids = new java.util.HashSet<>();
    for (int i = 0; i < s.size(); i++) {
      ids.add(s.idHash(i));
    }
    return ids;
  }

  @Test // #24
  void eachStoryKeepsItsIdentityAndTheStoriesTheFeedsStabilityThroughRetainAndRebuild() {
    String id = "0123456789abcdef0123456789abcdef";
    long[] bits = SeenStories.Identity.storyIdBits(id);
    SeenStories.Identity identity = new SeenStories.Identity(bits[0], bits[1], 11, 12, 1_700_000_000L, 1_700_000_060L);
    SeenStories.Stability unstable = new SeenStories.Stability(3, 0, true, false);
    Instant t = Instant.parse("2026-12-01T00:00:00Z");
    SeenStories seen = SeenStories.builder().put(1, 10, 2, t, identity).put(2, 20, 1, t.minusSeconds(60))
        .stability(unstable).build();

    assertThat(seen.identity(seen.indexOf(1))).isEqualTo(identity);
    assertThat(seen.identity(seen.indexOf(1)).storyId()).contains(id);
    assertThat(seen.identity(seen.indexOf(2))).isEqualTo(SeenStories.Identity.UNKNOWN);
    assertThat(seen.hasStoryId(seen.indexOf(2))).isFalse();
    assertThat(seen.retain(h -> false, 0, 1).stability()).isEqualTo(unstable);
    assertThat(seen.toBuilder().remove(1).build()).satisfies(s -> {
      assertThat(s.size()).isEqualTo(1);
      assertThat(s.stability()).isEqualTo(unstable);
    });
    assertThat(seen.withStability(SeenStories.Stability.NONE)).isNotEqualTo(seen);
  }

  @Test // #24: identities bounded per feed
  void theIdentityWindowKeepsTheNewestAndTheChosenIdentitiesAndEveryStorysHashes() {
    Instant t = Instant.parse("2026-12-01T00:00:00Z");
    SeenStories.Builder b = SeenStories.builder();
    for (int i = 0; i < 10; i++) { // story i last seen i minutes ago: index i, newest first
      b.put(100 + i, 200 + i, 1 + i % 2, t.minusSeconds(60L * i), new SeenStories.Identity(i + 1, 1, 300 + i, 400 + i,
          1_700_000_000L, 1_700_000_000L, 500 + i, 1));
    }
    SeenStories all = b.build();

    SeenStories windowed = all.withIdentityWindow(3, h -> h == 107);

    assertThat(all.identityCount()).isEqualTo(10);
    assertThat(windowed.identityCount()).as("up to the last one kept").isEqualTo(8);
    for (int i = 0; i < 10; i++) {
      boolean kept = i < 3 || i == 7;
      assertThat(windowed.identity(i)).as("identity %d", i).isEqualTo(kept ? all.identity(i) : SeenStories.Identity.UNKNOWN);
      assertThat(windowed.hasStoryId(i)).isEqualTo(kept);
      assertThat(windowed.linkKey(i)).isEqualTo(kept ? 300 + i : 0);
      assertThat(windowed.fingerprint(i)).isEqualTo(kept ? 400 + i : 0);
      assertThat(windowed.get(100 + i)).as("still seen, with its hash and revision").isEqualTo(all.get(100 + i));
    }
    assertThat(windowed.withIdentityWindow(3, h -> false).identityCount()).isEqualTo(3);
    assertThat(windowed.withIdentityWindow(0, h -> false).identityCount()).isZero();
    assertThat(windowed.toBuilder().build()).isEqualTo(windowed);
    assertThat(windowed.retain(h -> false, 0, 9).identityCount()).isEqualTo(8);
    assertThat(windowed.retain(h -> h != 101 && h != 107, 0, 0)).satisfies(s -> {
      assertThat(s.size()).isEqualTo(8);
      assertThat(s.identityCount()).as("the window's last kept identity moved up with the others").isEqualTo(2);
      assertThat(s.identity(1)).isEqualTo(all.identity(2));
    });
    assertThat(all.withIdentityWindow(10, h -> false)).isSameAs(all);
  }

  @Test // #24
  void onlyAStoryIdOf32LowerCaseHexDigitsIsKeptAsItsBits() {
    assertThat(SeenStories.Identity.storyIdBits("feed-1-0")).containsExactly(0, 0);
    assertThat(SeenStories.Identity.storyIdBits("0123456789ABCDEF0123456789abcdef")).containsExactly(0, 0);
    assertThat(SeenStories.Identity.UNKNOWN.withStoryId("ffffffffffffffff0000000000000001").storyId())
        .contains("ffffffffffffffff0000000000000001");
  }
}
