package io.feedpipe.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka broker per test class, on a free port of 127.0.0.1 with a temporary log directory
 * that is deleted afterwards. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
 * ... kafka.bootstrapServers() ...
 * }</pre>
 *
 * <p>No Docker is needed. Tests may {@link EmbeddedKafka#stop() stop} and
 * {@link EmbeddedKafka#restart() restart} {@link #broker()}; it is closed after the last test.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
  private @Nullable Path logDir;
  private @Nullable EmbeddedKafka broker;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    logDir = Files.createTempDirectory("feedpipe-kafka-");
    broker = EmbeddedKafka.start(logDir, 0);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (broker != null) {
        broker.close();
      }
    } finally {
      broker = null;
      if (logDir != null) {
        deleteRecursively(logDir);
        logDir = null;
      }
    }
  }

  /** The running broker's bootstrap address, {@code "127.0.0.1:<port>"}. */
  public String bootstrapServers() {
    return broker().bootstrapServers();
  }

  /** The broker of this test class. */
  public EmbeddedKafka broker() {
    EmbeddedKafka b = broker;
    if (b == null) {
      throw new IllegalStateException(
          "no broker: register KafkaBrokerExtension as a static @RegisterExtension field");
    }
    return b;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete Kafka log dir " + dir, e);
    }
  }
}
