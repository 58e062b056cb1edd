package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** #20: a log line never shows a URL's userinfo or secret query values, in text or JSON, message or stack trace. */
class RedactingEncoderTest {
  private static final String URL = "http://alice:s3cret@feeds.example/private.xml?token=abc123&page=2";
  private final LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();

  private ILoggingEvent event() {
    Logger logger = context.getLogger("io.feedpipe.test");
    return new LoggingEvent(Logger.class.getName(), logger, Level.WARN, "Feed {} failed",
        new IOException("unexpected end of stream on " + URL), new Object[] {URL});
  }

  private String encoded(Encoder<ILoggingEvent> inner) {
    RedactingEncoder encoder = new RedactingEncoder();
    encoder.setContext(context);
    encoder.setEncoder(inner);
    encoder.start();
    assertThat(encoder.isStarted()).isTrue();
    return new String(encoder.encode(event()), StandardCharsets.UTF_8);
  }

  @Test
  void textLinesShowUrlsRedactedInTheMessageAndTheStackTrace() {
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%-5level %logger{0} - %msg%n");

    String line = encoded(text);

    assertThat(line).startsWith("WARN  test - Feed http://feeds.example/private.xml?token=REDACTED&page=2 failed")
        .contains("java.io.IOException: unexpected end of stream on http://feeds.example/private.xml?token=REDACTED&page=2")
        .doesNotContain("s3cret", "abc123", "alice");
  }

  @Test
  void jsonLinesShowUrlsRedactedAndStayJson() throws IOException {
    JsonEncoder json = new JsonEncoder();
    json.setContext(context);
    json.setWithFormattedMessage(true);

    String line = encoded(json);

    assertThat(line).doesNotContain("s3cret", "abc123", "alice");
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("formattedMessage").asText())
        .isEqualTo("Feed http://feeds.example/private.xml?token=REDACTED&page=2 failed");
  }

  @Test
  void withoutANestedEncoderItReportsAnErrorAndDoesNotStart() {
    LoggerContext own = new LoggerContext();
    RedactingEncoder encoder = new RedactingEncoder();
    encoder.setContext(own);

    encoder.start();

    assertThat(encoder.isStarted()).isFalse();
    assertThat(own.getStatusManager().getCopyOfStatusList()).anySatisfy(s ->
        assertThat(s.getMessage()).contains("needs a nested <encoder>"));
  }
}
