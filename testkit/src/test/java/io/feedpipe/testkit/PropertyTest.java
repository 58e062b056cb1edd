package io.feedpipe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PropertyTest {
  private static final Gen<String> TEXT = Gen.strings(40);

  @Test
  void sameSeedGivesTheSameValues() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    Property.forAll(42, 50, TEXT, first::add);
    Property.forAll(42, 50, TEXT, second::add);
    assertThat(first).hasSize(50).isEqualTo(second);
    assertThat(first).doesNotHaveDuplicates();
  }

  @Test
  void aFailureNamesTheCaseSeedWhichReplaysThatCaseAsTheFirstTry() {
    List<String> seen = new ArrayList<>();
    AssertionError error = catchThrowableOfType(AssertionError.class,
        () -> Property.forAll(7, 1000, TEXT, s -> {
          seen.add(s);
          assertThat(s).doesNotContain("e");
        }));
    Matcher m = Pattern.compile("-Dfeedpipe.seed=(-?\\d+) -Dfeedpipe.tries=1").matcher(error.getMessage());
    assertThat(m.find()).as(error.getMessage()).isTrue();
    String failing = seen.get(seen.size() - 1);
    assertThat(TEXT.next(new Random(Long.parseLong(m.group(1))))).isEqualTo(failing);
    assertThat(error.getMessage()).contains("input: ").contains("from seed 7");
  }

  @Test
  void regressionSeedsRunFirstEvenWhenTheyWouldNotComeUpFromTheSeed() {
    long regression = 123456789L;
    String expected = TEXT.next(new Random(regression));
    List<String> seen = new ArrayList<>();
    Property.forAll(1, 3, new long[] {regression}, TEXT, seen::add);
    assertThat(seen).hasSize(4).first().isEqualTo(expected);
  }

  @Test
  void showEscapesWhatATerminalWouldHide() {
    assertThat(Property.show("a\n\"\u0008é")).isEqualTo("\"a\\n\\\"\\u0008\\u00e9\"");
  }

  @Test
  void frequencyHonoursItsWeightsAndRejectsBadOnes() {
    Gen<String> g = Gen.frequency(9, Gen.constant("a"), 1, Gen.constant("b"));
    Random random = new Random(1);
    int a = 0;
    for (int i = 0; i < 10_000; i++) {
      a += g.next(random).equals("a") ? 1 : 0;
    }
    assertThat(a).isBetween(8_700, 9_300);
    assertThatThrownBy(() -> Gen.frequency(0, Gen.constant("a"))).hasMessageContaining("positive");
  }
}
