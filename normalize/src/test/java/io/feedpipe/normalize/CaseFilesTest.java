package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.model.Story;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Walks src/test/resources/cases: one normalize case per file, named by what it shows. */
class CaseFilesTest {
  private static final Normalizer NORMALIZER = Normalizer.withDefaultRules();

  static Stream<Path> cases() throws IOException, URISyntaxException {
    Path dir = Path.of(CaseFilesTest.class.getResource("/cases").toURI());
    return Files.list(dir).filter(p -> p.toString().endsWith(".case")).sorted();
  }

  @Test
  void thereAreAtLeastFortyCases() throws Exception {
    assertThat(cases().count()).isGreaterThanOrEqualTo(40);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void caseFileOutcomeIsExactlyAsWritten(Path file) throws IOException {
    CaseFile c = CaseFile.parse(Files.readString(file, StandardCharsets.UTF_8));
    assertThat(c.body()).as("%s has a body section", file.getFileName()).isNotNull();
    Story story = NORMALIZER.normalize(Items.item(c.link(), c.title(), c.body()), HeadlineDictionary.of(c.headlines()));
    Map<String, String> actual = CaseFile.render(story);
    for (String section : CaseFile.EXPECTATIONS) {
      assertThat(actual.get(section))
          .as("%s (%s): section %s", file.getFileName(), c.description(), section)
          .isEqualTo(c.expected(section).orElse(""));
    }
    c.expected("url").ifPresent(url -> assertThat(story.url()).as("url").contains(url));
  }
}
