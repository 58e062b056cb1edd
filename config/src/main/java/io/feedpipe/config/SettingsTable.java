package io.feedpipe.config;

import java.util.List;

/**
 * The settings table of a README, generated from the settings themselves; each README's copy is
 * kept equal to it by a test of its module.
 */
public final class SettingsTable {
  private SettingsTable() {}

  /** The table in Markdown: key, environment variable, default, meaning (with what a valid value looks like). */
  public static String markdown(List<? extends Setting<?>> settings) {
    StringBuilder out = new StringBuilder();
    out.append("| key | environment variable | default | meaning |\n");
    out.append("|---|---|---|---|\n");
    for (Setting<?> s : settings) {
      String env = s.configFileOnly() ? "(config file only)"
          : "`" + s.envVar() + "`" + s.aliasEnv().map(a -> " or `" + a + "`").orElse("");
      String def = s.defaultText().map(d -> d.isEmpty() ? "(none)" : "`" + d + "`").orElse("(unset)");
      out.append("| `").append(s.key()).append("` | ").append(env).append(" | ").append(def).append(" | ")
          .append(cell(s.description() + " (" + s.type().description() + ")")).append(" |\n");
    }
    return out.toString();
  }

  /** Where a README's copy begins: the line after this marker. */
  public static final String BEGIN = "<!-- settings-table:begin";
  /** Where a README's copy ends. */
  public static final String END = "<!-- settings-table:end -->";

  /**
   * The table a README shows between its {@link #BEGIN} and {@link #END} markers, for the test
   * that keeps it equal to {@link #markdown}.
   *
   * @throws IllegalArgumentException when the README has no such markers
   */
  public static String copyIn(String readme) {
    int marker = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    if (marker < 0 || end < marker) {
      throw new IllegalArgumentException("no settings table between " + BEGIN + " … and " + END);
    }
    return readme.substring(readme.indexOf('\n', marker) + 1, end);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
