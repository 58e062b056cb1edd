package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.SeenStories;
import io.feedpipe.publish.StoryMatcher.Keys;
import io.feedpipe.publish.StoryMatcher.New;
import io.feedpipe.publish.StoryMatcher.Other;
import io.feedpipe.publish.StoryMatcher.Own;
import io.feedpipe.publish.StoryMatcher.SameAsItem;
import io.feedpipe.publish.StoryMatcher.Via;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** #24: the identity rule on its own, on id hashes, link keys and fingerprints. */
class StoryMatcherTest {
  private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
  private static final long LINK = 100;
  private static final long HOME = 200;

  /** Remembered stories: id hash {@code 1..n}, each with a story id, a link key and a fingerprint. */
  private static SeenStories remembered(boolean guidsUnstable, long[]... linkAndFingerprint) {
    SeenStories.Builder b = SeenStories.builder();
    for (int i = 0; i < linkAndFingerprint.length; i++) {
      b.put(i + 1, 7, 1, T.minusSeconds(i),
          new SeenStories.Identity(i + 1, 1, linkAndFingerprint[i][0], linkAndFingerprint[i][1], 0, 0));
    }
    return b.stability(new SeenStories.Stability(0, 0, guidsUnstable, false)).build();
  }

  private static Keys keys(long idHash, long link, long fingerprint) {
    return new Keys(idHash, link, fingerprint, true);
  }

  @Test
  void anItemIsTheStoryOfItsOwnIdFirst() {
    SeenStories seen = remembered(false, new long[] {LINK, 5});

    assertThat(StoryMatcher.match(seen, List.of(keys(1, LINK, 6)))).containsExactly(new Own(seen.indexOf(1)));
  }

  @Test
  void underANewIdTheSameLinkAndFingerprintIsTheSameStoryEvenWhileItsOwnItemIsThere() {
    SeenStories seen = remembered(false, new long[] {LINK, 5});

    assertThat(StoryMatcher.match(seen, List.of(keys(9, LINK, 5)))).containsExactly(new Other(0, Via.LINK));
    assertThat(StoryMatcher.match(seen, List.of(keys(9, LINK, 5), keys(1, LINK, 5))))
        .containsExactly(new SameAsItem(1, false), new Own(0));
  }

  @Test
  void theSameLinkWithAnotherFingerprintIsANewStoryUnlessTheFeedsGuidsAreUnstable() {
    assertThat(StoryMatcher.match(remembered(false, new long[] {LINK, 5}), List.of(keys(9, LINK, 6))))
        .containsExactly(new New());
    assertThat(StoryMatcher.match(remembered(true, new long[] {LINK, 5}), List.of(keys(9, LINK, 6))))
        .containsExactly(new Other(0, Via.LINK));
  }

  @Test
  void theSameFingerprintUnderAnotherLinkIsTheStoryOnlyOnceItsOwnItemLeft() {
    SeenStories seen = remembered(false, new long[] {LINK, 5});

    assertThat(StoryMatcher.match(seen, List.of(keys(9, LINK + 1, 5)))).containsExactly(new Other(0, Via.FINGERPRINT));
    assertThat(StoryMatcher.match(seen, List.of(keys(1, LINK, 5), keys(9, LINK + 1, 5))))
        .containsExactly(new Own(0), new New());
    assertThat(StoryMatcher.match(seen, List.of(new Keys(9, LINK + 1, 5, false)))).containsExactly(new New());
  }

  @Test
  void aRememberedStoryIsTakenByOneItemOnlyAndCopiesInOnePollAreOneStory() {
    SeenStories seen = remembered(true, new long[] {HOME, 5});

    assertThat(StoryMatcher.match(seen, List.of(keys(8, HOME, 6), keys(9, HOME, 7), keys(10, HOME, 7))))
        .containsExactly(new Other(0, Via.LINK), new New(), new SameAsItem(1, false));
  }

  @Test
  void theSameIdTwiceInOnePollIsTheFirstItemsStory() {
    assertThat(StoryMatcher.match(SeenStories.empty(), List.of(keys(3, LINK, 5), keys(3, LINK, 6))))
        .containsExactly(new New(), new SameAsItem(0, true));
  }

  @Test
  void aStoryRememberedWithoutItsIdentityIsFoundByItsOwnIdOnly() {
    SeenStories seen = SeenStories.builder().put(1, 7, 1, T).build();

    assertThat(StoryMatcher.match(seen, List.of(keys(1, LINK, 5)))).containsExactly(new Own(0));
    assertThat(StoryMatcher.match(seen, List.of(keys(2, 0, 0)))).containsExactly(new New());
  }
}
