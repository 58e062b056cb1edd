package io.feedpipe.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.config.SettingsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** cluster's README shows the table generated from {@link ClusterSettings#SETTINGS}; this keeps the copy equal to it. */
class ReadmeSettingsTableTest {

  @Test
  void readmeShowsTheTableOfTheStagesSettings() throws IOException {
    assertThat(SettingsTable.copyIn(Files.readString(Path.of("README.md"))))
        .as("cluster/README.md settings table; regenerate with ./feedpipe config --markdown cluster")
        .isEqualTo(SettingsTable.markdown(ClusterSettings.SETTINGS));
  }
}
