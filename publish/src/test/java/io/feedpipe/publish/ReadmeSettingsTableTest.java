package io.feedpipe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedpipe.config.SettingsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** publish's README shows the table generated from {@link PublishSettings#SETTINGS}; this keeps the copy equal to it. */
class ReadmeSettingsTableTest {
  private static final String BEGIN = "<!-- settings-table:begin";
  private static final String END = "<!-- settings-table:end -->";

  @Test
  void readmeShowsTheTableOfPublishsSettings() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int begin = readme.indexOf('\n', readme.indexOf(BEGIN)) + 1;
    int end = readme.indexOf(END);
    assertThat(readme.substring(begin, end))
        .as("publish/README.md settings table; regenerate with ./feedpipe config --markdown publish")
        .isEqualTo(SettingsTable.markdown(PublishSettings.SETTINGS));
  }
}
