package io.feedpipe.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextMatchTest {
  private static final String STORY = """
      The Reserve Bank of India on Friday kept the benchmark repo rate unchanged at 6.5 per cent for the sixth \
      consecutive meeting, citing persistent pressure on food prices even as core inflation continued to ease.

      Announcing the decision of the six-member Monetary Policy Committee, the governor said five members voted in \
      favour of the pause while one member sought a cut of 25 basis points.

      The central bank retained its growth projection for the current financial year at 7 per cent and said it \
      expected retail inflation to average 4.8 per cent, slightly higher than its October estimate.

      Economists said the change in stance opened the door for a rate cut as early as February if food prices \
      cooled after the winter harvest.""";

  @Test
  void desksSpellingsUnitsCurrencyAndFunctionWordsReadAlike() {
    assertThat(Tokens.of("Rs 71,800 on Monday, up 4.5 per cent at the centre"))
        .isEqualTo(Tokens.of("₹71800 Monday, up 4.5% at center"))
        .containsExactly("rs", "71800", "monday", "up", "4.5", "per", "cent", "center");
    assertThat(Tokens.of("INR 10 percent")).containsExactly("rs", "10", "per", "cent");
    assertThat(Tokens.of("organised the programme in favour")).isEqualTo(Tokens.of("organized the program in favor"));
    assertThat(Tokens.of("said: \u201cno\u201d \u2014 end.")).containsExactly("said", "no", "end");
  }

  @Test
  void paragraphsRunTogetherAndAnotherNoticeStillMakeOneStory() {
    String runTogether = STORY.replace("\n\n", " ") + " Disclaimer: this story is auto-generated from a syndicated "
        + "feed and has not been edited by our staff.";
    TextMatch.Verdict v = compare(STORY, runTogether);

    assertThat(v.containment()).isGreaterThan(0.99);
    assertThat(v.sameStory()).isTrue();
  }

  @Test
  void aCopyCutAfterItsFirstParagraphIsTheStoryCutShort() {
    TextMatch.Verdict v = compare(STORY.substring(0, STORY.indexOf("\n\n")), STORY);

    assertThat(v.cut()).isTrue();
    assertThat(v.coverage()).isLessThan(TextMatch.MIN_COVERAGE);
    assertThat(v.sameStory()).isTrue();
  }

  @Test
  void aStoryReusingTheOthersBackgroundBelowANewLedeIsAnotherStory() {
    String[] paragraphs = STORY.split("\n\n");
    String followUp = "Public sector banks are unlikely to lower their lending rates before the February review, "
        + "senior bankers said on Saturday, a day after the Reserve Bank kept its policy rate unchanged.\n\n"
        + "\"Deposit costs are still rising because of tight liquidity,\" the head of a large state-run lender said, "
        + "adding that home loan borrowers would see no change in their instalments for now.\n\n"
        + paragraphs[1] + "\n\n" + paragraphs[2];

    assertThat(compare(STORY, followUp).sameStory()).isFalse();
    assertThat(compare(paragraphs[1] + "\n\n" + paragraphs[2], followUp).sameStory())
        .as("the reused part alone is no cut of the follow-up: it does not open it").isFalse();
  }

  @Test
  void theSameTemplateOnAnotherDayIsAnotherStoryEvenCutToItsFirstSentence() {
    String monday = "The country has received 4 per cent more rainfall than normal since the start of the monsoon "
        + "season on June 1, according to data released by the India Meteorological Department on Monday.";
    String nextMonday = monday.replace("4 per cent", "2 per cent");
    TextMatch.Verdict v = compare(monday, nextMonday + " The cumulative rainfall till Monday stood at 301.8 mm "
        + "against the normal of 295.9 mm for the period.");

    assertThat(v.openingContainment()).as("the words agree").isGreaterThan(0.6);
    assertThat(v.numbers()).as("the figures do not").isLessThan(TextMatch.MIN_NUMBERS);
    assertThat(v.sameStory()).isFalse();
  }

  @Test
  void aNumberOneCopyLeavesOutIsNoDisagreement() {
    String dated = "Kochi, May 30 (ANI) " + STORY;
    assertThat(compare(dated, STORY).numbers()).isEqualTo(1.0);
    assertThat(compare(dated, STORY).sameStory()).isTrue();
  }

  @Test
  void twoReportsOfOneEventInTheirOwnWordsAreTwoStories() {
    String other = "The monetary policy panel of the RBI left interest rates untouched on Friday but shifted its stance "
        + "to neutral, a move market participants read as a signal that borrowing costs could start falling early "
        + "next year. With a five-to-one vote, the committee held the policy rate at 6.5 per cent. Food inflation "
        + "remained the main worry, the central bank noted in its resolution.";

    assertThat(compare(STORY, other).containment()).isLessThan(0.3);
    assertThat(compare(STORY, other).sameStory()).isFalse();
  }

  @Test
  void aTextOfAFewWordsMatchesNothing() {
    assertThat(compare("Border crossing to reopen next month.", "Border crossing to reopen next month.").sameStory())
        .isFalse();
  }

  @Test
  void anchorsOfASharedPassageAreSharedWhateverSurroundsIt() {
    String passage = STORY.substring(STORY.indexOf("Announcing"), STORY.indexOf("Economists"));
    int[] alone = Shingles.of(passage).anchors();
    int[] inStory = Shingles.of(STORY).anchors();
    int[] elsewhere = Shingles.of("An unrelated opening sentence about the weather in the hills this week. " + passage
        + " And an unrelated closing sentence about cricket scores from the weekend matches.").anchors();

    assertThat(List.of(inStory, elsewhere)).allSatisfy(anchors ->
        assertThat(java.util.Arrays.stream(alone).filter(a -> java.util.Arrays.binarySearch(anchors, a) >= 0).count())
            .as("anchors of the passage found").isGreaterThanOrEqualTo(alone.length - 2));
    assertThat(alone.length).isGreaterThan(2);
  }

  private static TextMatch.Verdict compare(String a, String b) {
    return TextMatch.compare(Shingles.of(a), Shingles.of(b));
  }
}
