package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a class matches, read the short way for a class written out, is what asking java.util.regex about every character gives. */
class CharSetTest {
  private static final List<String> CLASSES = List.of("[)\\]]", "[(\\[]", "[:—–]", "['’]", "[.,;:]", "[|:»›>–—-]", "[\\s-]",
      "[A-Z]", "[a-z]", "[yj]", "[k]", "[s\\t]", "[\\d.]", "[-x]", "[x-]", "[a\\-z]", "\\s", "\\d", "[\\\\]", "[i]", "[ſ]",
      "[\u212a]", "[\u0130\u0131]", "[\u00e5\u00c5]", "[µ]", "[0-9A-Fa-f]");
  private static final int[] FLAGS = {0, Pattern.CASE_INSENSITIVE, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE};

  @Test
  void aClassWrittenOutHoldsExactlyWhatTheRegexMatches() {
    for (String source : CLASSES) {
      assertThat(CharSet.candidates(source)).as(source).isNotNull();
      for (int flags : FLAGS) {
        CharSet set = CharSet.ofClass(source, flags);
        Pattern p = Pattern.compile(source, flags);
        for (int c = 0; c < 0x10000; c++) {
          if (!Character.isSurrogate((char) c)) {
            boolean expected = p.matcher(String.valueOf((char) c)).matches();
            assertThat(set.contains((char) c)).as("%s under flags %d at U+%04X", source, flags, c).isEqualTo(expected);
          }
        }
      }
    }
  }

  @Test
  void aClassNotWrittenOutIsReadByAskingAboutEveryCharacter() {
    for (String source : List.of("[^a]", "[a&&[b]]", "[\\p{L}]", "\\w", "[\\w-]", "[\\x41]", ".", "[a[b]]")) {
      assertThat(CharSet.candidates(source)).as(source).isNull();
    }
    CharSet letters = CharSet.ofClass("[\\p{Lu}]", 0);
    assertThat(letters.contains('Q')).isTrue();
    assertThat(letters.contains('q')).isFalse();
    assertThat(letters.asLiterals(false, 10)).isNull(); // too many to stand for each
  }

  @Test
  void questionsAboutAFewCharactersNeedNoWholeClass() {
    assertThat(CharSet.ofClass("[\\p{L}\\p{N}&'’-]", 0).holdsAny(CharSet.SPACE_CHARS)).isFalse();
    assertThat(CharSet.ofClass("[^()]", 0).holdsAny(CharSet.SPACE_CHARS)).isTrue();
    assertThat(CharSet.ofClass("\\s", 0).onlyOf(CharSet.SPACE_CHARS)).isTrue();
    assertThat(CharSet.ofClass("[\\s-]", 0).onlyOf(CharSet.SPACE_CHARS)).isFalse();
    assertThat(CharSet.ofClass("[^()]", 0).onlyOf(CharSet.SPACE_CHARS)).isFalse();
    assertThat(CharSet.ofLiteral('s', Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).contains('\u017f')).isTrue();
  }
}
