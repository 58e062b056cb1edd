package io.feedpipe.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.config.SettingsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings table is generated from the catalogue; this keeps the copy in the README equal to it. */
class ReadmeSettingsTableTest {

  @Test
  void readmeShowsTheCatalogueTable() throws IOException {
    assertThat(SettingsTable.copyIn(Files.readString(Path.of("..", "README.md"))))
        .as("README settings table; regenerate with ./feedpipe config --markdown")
        .isEqualTo(Catalogue.markdownTable());
  }
}
