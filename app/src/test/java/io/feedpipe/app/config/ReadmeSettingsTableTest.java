package io.feedpipe.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings table is generated from the catalogue; this keeps the copy in the README equal to it. */
class ReadmeSettingsTableTest {
  private static final String BEGIN = "<!-- settings-table:begin";
  private static final String END = "<!-- settings-table:end -->";

  @Test
  void readmeShowsTheCatalogueTable() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int begin = readme.indexOf('\n', readme.indexOf(BEGIN)) + 1;
    int end = readme.indexOf(END);
    assertThat(readme.substring(begin, end))
        .as("README settings table; regenerate with ./feedpipe config --markdown")
        .isEqualTo(Catalogue.markdownTable());
  }
}
