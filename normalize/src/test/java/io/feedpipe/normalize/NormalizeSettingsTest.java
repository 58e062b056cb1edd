package io.feedpipe.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.config.SettingValues;
import io.feedpipe.model.Story;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** #23: the rules file, read in one place for the service and the connector. */
class NormalizeSettingsTest {
  private static final String BODY = "<p>The council met on Tuesday.</p><p>Sponsored: buy the council's mug.</p>";

  @TempDir Path dir;

  @Test
  void unsetItIsTheBundledRules() {
    NormalizeSettings settings = NormalizeSettings.from(SettingValues.defaults());

    assertThat(settings.rulesFile()).isEmpty();
    assertThat(settings.normalizer().normalize(Items.withBody(BODY)).text()).contains("Sponsored");
  }

  @Test
  void theFilesRulesExtendTheBundledOnes() throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"), """
        rules:
          - id: paragraph-sponsored
            type: paragraph
            pattern: 'Sponsored:.*'
        """);
    NormalizeSettings settings = NormalizeSettings.from(
        SettingValues.defaults().with(NormalizeSettings.RULES_FILE, file.toString()));

    Story story = settings.normalizer().normalize(Items.withBody(BODY));

    assertThat(story.text()).isEqualTo("The council met on Tuesday.");
  }

  @Test
  void aFileThatCannotBeReadIsNamedWithTheKey() {
    Path missing = dir.resolve("missing.yaml");

    assertThatThrownBy(() -> new NormalizeSettings(Optional.of(missing)).rules())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot read normalize.rulesFile " + missing);
  }

  @Test
  void invalidRulesAreNamedWithTheKeyAndTheRule() throws Exception {
    Path file = Files.writeString(dir.resolve("broken.yaml"),
        "rules:\n  - id: footer\n    type: paragraph\n    pattern: \"read (more\"\n");

    assertThatThrownBy(() -> new NormalizeSettings(Optional.of(file)).rules())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid normalize.rulesFile " + file)
        .hasMessageContaining("rule 'footer'");
  }
}
