package io.feedpipe.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.feedpipe.app.config.Catalogue;
import io.feedpipe.app.config.ResolvedSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Chooses the log format and level before the first logger is created (see logback.xml), and where
 * the logs of Kafka's own classes (the clients and the embedded broker) go: they are verbose, warn
 * with stack traces about every refused connection, and say nothing feedpipe does not say in one
 * line itself. With {@code log.format=text} they go to {@code <dataDir>/logs/kafka.log}; with {@code
 * json} they stay in the JSON log (one object per event, stack trace inside); with {@code
 * log.level=DEBUG} (or TRACE) they are on the console as well.
 */
final class Logging {
  /** The loggers of Kafka's own classes. */
  static final List<String> KAFKA_LOGGERS = List.of("org.apache.kafka", "kafka", "state.change.logger");

  private Logging() {}

  /**
   * For {@code run}: format and level from the settings; Kafka's logs as the class comment says.
   *
   * @return the file Kafka's logs go to, when they go to one
   */
  static Optional<Path> configure(ResolvedSettings settings) {
    System.setProperty("feedpipe.log.appender", settings.get(Catalogue.LOG_FORMAT));
    System.setProperty("feedpipe.log.level", settings.get(Catalogue.LOG_LEVEL));
    if (debug(settings) || settings.get(Catalogue.LOG_FORMAT).equals("json")) {
      return Optional.empty();
    }
    Path file = Path.of(settings.get(Catalogue.DATA_DIR)).resolve("logs").resolve("kafka.log").toAbsolutePath();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX, UTC} %-5level [%thread] %logger - %msg%n");
    encoder.start();
    RedactingEncoder redacting = new RedactingEncoder(); // as every appender of logback.xml
    redacting.setContext(context);
    redacting.setEncoder(encoder);
    redacting.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName("kafka-file");
    appender.setFile(file.toString());
    appender.setAppend(true);
    appender.setEncoder(redacting);
    appender.start();
    for (String name : KAFKA_LOGGERS) {
      Logger logger = context.getLogger(name);
      logger.setAdditive(false);
      logger.addAppender(appender);
    }
    return Optional.of(file);
  }

  /**
   * For commands whose stdout is data ({@code preview}, {@code tail}, {@code status}, …):
   * feedpipe's warnings and errors on stderr; Kafka's own logs only with {@code log.level=DEBUG}.
   */
  static void toStderr(Optional<ResolvedSettings> settings) {
    System.setProperty("feedpipe.log.appender", "stderr");
    boolean debug = settings.map(Logging::debug).orElse(false);
    System.setProperty("feedpipe.log.level", debug ? settings.get().get(Catalogue.LOG_LEVEL) : "WARN");
    if (!debug) {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      for (String name : KAFKA_LOGGERS) {
        context.getLogger(name).setLevel(Level.OFF);
      }
    }
  }

  static void toStderr() {
    toStderr(Optional.empty());
  }

  private static boolean debug(ResolvedSettings settings) {
    String level = settings.get(Catalogue.LOG_LEVEL);
    return level.equals("DEBUG") || level.equals("TRACE");
  }
}
