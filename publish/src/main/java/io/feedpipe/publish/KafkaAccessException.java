package io.feedpipe.publish;

import java.util.Optional;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/**
 * Kafka cannot be used with the client settings given, and retrying will not change that: the
 * broker refused the credentials, the TLS handshake failed, an ACL denies an operation, or a
 * client refused its own configuration. The message is one line naming the settings to fix.
 * Fatal: stop and fix the configuration.
 */
public final class KafkaAccessException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  KafkaAccessException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The failure {@code error} stands for when it is one that retrying does not fix, found anywhere
   * in its chain of causes; empty for anything else (a broker that does not answer, a time-out).
   *
   * @param bootstrapServers where the client connected, for the message
   */
  public static Optional<KafkaAccessException> of(Throwable error, String bootstrapServers) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KafkaAccessException k) {
        return Optional.of(k);
      }
      String why = firstLine(t.getMessage());
      if (t instanceof SslAuthenticationException) {
        return Optional.of(new KafkaAccessException("the TLS handshake with Kafka at " + bootstrapServers + " failed: "
            + deepest(t) + " (check kafka.common.security.protocol and kafka.common.ssl.truststore.*: "
            + "the broker's certificate must be trusted)", error));
      }
      if (t instanceof UnsupportedSaslMechanismException) {
        return Optional.of(new KafkaAccessException("Kafka at " + bootstrapServers + " does not offer the SASL mechanism "
            + "feedpipe asked for: " + why + " (check kafka.common.sasl.mechanism)", error));
      }
      if (t instanceof AuthenticationException) {
        return Optional.of(new KafkaAccessException("Kafka at " + bootstrapServers + " rejected feedpipe's credentials: "
            + why + " (check the user name and password in kafka.common.sasl.jaas.config, and kafka.common.sasl.mechanism)",
            error));
      }
      if (t instanceof AuthorizationException) {
        return Optional.of(new KafkaAccessException("Kafka at " + bootstrapServers + " denied an operation: " + why
            + " (feedpipe's principal needs ACLs to describe, create, write and read its topics and to use its "
            + "transactional id)", error));
      }
      if (t instanceof ConfigException
          || t instanceof KafkaException && why.startsWith("Failed to c")) { // "Failed to construct/create …"
        return Optional.of(new KafkaAccessException("the Kafka client refused its configuration: " + deepest(t)
            + " (check kafka.common.*, kafka.producer.*, kafka.admin.*, kafka.consumer.*)", error));
      }
    }
    return Optional.empty();
  }

  /** The message of the innermost cause: the one that says what is wrong ("PKIX path building failed", a missing file). */
  private static String deepest(Throwable t) {
    Throwable last = t;
    for (Throwable c = t.getCause(); c != null && c != last; c = c.getCause()) {
      if (c.getMessage() != null) {
        last = c;
      }
    }
    String message = firstLine(last.getMessage());
    // a JDK exception's message alone may be just a path: "NoSuchFileException: /etc/kafka/truststore.p12"
    return last instanceof KafkaException ? message : last.getClass().getSimpleName() + ": " + message;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
