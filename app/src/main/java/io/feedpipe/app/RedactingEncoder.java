package io.feedpipe.app;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.feedpipe.model.Redaction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A logback encoder that {@linkplain Redaction#text redacts} what another encoder writes: every URL
 * in a log line — message, arguments, exception messages and stack traces alike, in text or JSON —
 * loses its userinfo and the values of its secret query parameters. The last guard of the logs,
 * whatever a log call or a library put into them. logback.xml wraps each appender's encoder in it:
 *
 * <pre>{@code
 * <encoder class="io.feedpipe.app.RedactingEncoder">
 *   <encoder class="ch.qos.logback.classic.encoder.JsonEncoder"/>
 * </encoder>
 * }</pre>
 *
 * Both encoders write UTF-8. logback's {@link JsonEncoder} escapes every {@code /} as {@code \/};
 * its lines are unescaped first (still JSON), so their URLs read as URLs. Thread-safe as the wrapped
 * encoder is (logback's appenders serialise calls).
 */
public final class RedactingEncoder extends EncoderBase<ILoggingEvent> {
  private @Nullable Encoder<ILoggingEvent> encoder;

  /** The encoder whose output is redacted (logback calls this for the nested {@code <encoder>}). */
  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("RedactingEncoder needs a nested <encoder> whose output it redacts");
      return;
    }
    if (!encoder.isStarted()) {
      encoder.start();
    }
    super.start();
  }

  @Override
  public void stop() {
    if (encoder != null) {
      encoder.stop();
    }
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return encoder == null ? new byte[0] : redacted(encoder.headerBytes());
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return encoder == null ? new byte[0] : redacted(encoder.encode(event));
  }

  @Override
  public byte[] footerBytes() {
    return encoder == null ? new byte[0] : redacted(encoder.footerBytes());
  }

  private byte[] redacted(byte @Nullable [] bytes) {
    if (bytes == null || bytes.length == 0) {
      return bytes == null ? new byte[0] : bytes;
    }
    String written = new String(bytes, StandardCharsets.UTF_8);
    // JsonEncoder escapes every "/" and every backslash, so each \/ in its line is an escaped slash
    // (an escaped backslash, \\, is never followed by a bare "/")
    String text = encoder instanceof JsonEncoder ? written.replace("\\/", "/") : written;
    String shown = Redaction.text(text);
    return shown.equals(written) ? bytes : shown.getBytes(StandardCharsets.UTF_8);
  }
}
