package io.feedpipe.app;

import io.feedpipe.app.config.ResolvedSettings;
import io.feedpipe.app.config.Catalogue;

/** Chooses the log format and level before the first logger is created (see logback.xml). */
final class Logging {
  private Logging() {}

  static void configure(ResolvedSettings settings) {
    System.setProperty("feedpipe.log.appender", settings.get(Catalogue.LOG_FORMAT));
    System.setProperty("feedpipe.log.level", settings.get(Catalogue.LOG_LEVEL));
  }

  /** For commands whose stdout is data: warnings and errors only, on stderr. */
  static void toStderr() {
    System.setProperty("feedpipe.log.appender", "stderr");
    System.setProperty("feedpipe.log.level", "WARN");
  }
}
