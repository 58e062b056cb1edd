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

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
