package io.feedpipe.normalize;

import static java.util.Objects.requireNonNull;

import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingType;
import io.feedpipe.config.SettingValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which rules normalizing uses: the bundled ones, extended by {@link #RULES_FILE} when it is set.
 * The one place the service and the Kafka Connect task read that file, once, when their
 * configuration is read; normalizing itself does no I/O.
 *
 * @param rulesFile {@link #RULES_FILE}
 */
public record NormalizeSettings(Optional<Path> rulesFile) {
  public static final Setting<String> RULES_FILE = Setting.optional("normalize.rulesFile", SettingType.nonBlank(),
      "YAML rules file extending or overriding the bundled boilerplate/provenance rules.");

  /** Every {@code normalize.*} setting, in the order of the settings table. */
  public static final List<Setting<?>> SETTINGS = List.of(RULES_FILE);

  public NormalizeSettings {
    requireNonNull(rulesFile, "rulesFile");
  }

  /** The settings as {@code values} gives them. */
  public static NormalizeSettings from(SettingValues values) {
    return new NormalizeSettings(values.find(RULES_FILE).map(Path::of));
  }

  /**
   * The bundled rules, extended by the rules file's.
   *
   * @throws IllegalArgumentException naming {@code normalize.rulesFile} and the file when it cannot
   *     be read or its rules are invalid (the rule and why)
   */
  public NormalizeRules rules() {
    NormalizeRules rules = NormalizeRules.defaults();
    if (rulesFile.isEmpty()) {
      return rules;
    }
    Path path = rulesFile.get();
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read " + RULES_FILE.key() + " " + path + ": " + e, e);
    }
    try {
      return rules.extendedWith(NormalizeRules.parse(text, path.toString()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid " + RULES_FILE.key() + " " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * A normalizer with {@link #rules()}.
   *
   * @throws IllegalArgumentException as {@link #rules()} does
   */
  public Normalizer normalizer() {
    return Normalizer.withRules(rules());
  }
}
