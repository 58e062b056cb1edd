package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.config.SettingsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** publish's README shows the table generated from {@link PublishSettings#SETTINGS}; this keeps the copy equal to it. */
class ReadmeSettingsTableTest {

  @Test
  void readmeShowsTheTableOfPublishsSettings() throws IOException {
    assertThat(SettingsTable.copyIn(Files.readString(Path.of("README.md"))))
        .as("publish/README.md settings table; regenerate with ./feedpipe config --markdown publish")
        .isEqualTo(SettingsTable.markdown(PublishSettings.SETTINGS));
  }
}
