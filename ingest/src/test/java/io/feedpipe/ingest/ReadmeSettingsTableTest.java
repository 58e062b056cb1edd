package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.config.SettingsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** ingest's README shows the table generated from {@link IngestSettings#SETTINGS}; this keeps the copy equal to it. */
class ReadmeSettingsTableTest {

  @Test
  void readmeShowsTheTableOfIngestsSettings() throws IOException {
    assertThat(SettingsTable.copyIn(Files.readString(Path.of("README.md"))))
        .as("ingest/README.md settings table; regenerate with ./feedpipe config --markdown ingest")
        .isEqualTo(SettingsTable.markdown(IngestSettings.SETTINGS));
  }
}
