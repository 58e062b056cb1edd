package io.feedpipe.kafka.embedded;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (broker and controller in one process role) running in
 * this JVM, listening on 127.0.0.1 only.
 *
 * <p>Sized for a laptop and a test JVM: internal topics ({@code __consumer_offsets},
 * {@code __transaction_state}, the share-coordinator state) have one partition, replication factor
 * 1 and {@code min.insync.replicas} 1; the log cleaner's dedupe buffer is 4 MiB (the 128 MiB default
 * would dominate a small heap); a broker that died without deregistering is forgotten after 3 s
 * ({@code broker.session.timeout.ms}); consumer groups rebalance without delay. About 40 MiB of heap
 * and 2 s to start cold.
 *
 * <p>Thread-safety: {@link #stop()}, {@link #restart()} and {@link #close()} may be called from any
 * thread; they are serialised by a lock. The caller that called {@link #start} owns the broker and
 * closes it.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;
  private static final String HOST = "127.0.0.1";

  static {
    // Kafka calls Exit.exit/halt on fatal errors; in a host JVM that must become an exception.
    Exit.setExitProcedure((status, message) -> {
      throw new BrokerFault("Kafka asked to exit with status " + status + ": " + message);
    });
    Exit.setHaltProcedure((status, message) -> {
      throw new BrokerFault("Kafka asked to halt with status " + status + ": " + message);
    });
  }

  private final Path logDir;
  private final int port;
  private final int controllerPort;
  /** Port of the PROXIED listener, 0 when there is none. */
  private final int proxiedPort;
  /** Port the PROXIED listener is advertised on: where a test's proxy listens. */
  private final int proxyPort;
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable KafkaRaftServer server;

  private EmbeddedKafka(Path logDir, int port, int controllerPort, int proxiedPort, int proxyPort) {
    this.logDir = logDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.proxiedPort = proxiedPort;
    this.proxyPort = proxyPort;
  }

  /**
   * Starts a broker and returns once it accepts clients.
   *
   * @param logDir where the broker keeps its logs and metadata; created and formatted (new random
   *     cluster id) when it holds no {@code meta.properties}, reused as is otherwise
   * @param port the client port on 127.0.0.1, or 0 for a free one; the controller takes another free port
   * @throws IllegalStateException when the broker does not start
   */
  public static EmbeddedKafka start(Path logDir, int port) {
    requireNonNull(logDir, "logDir");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 (any free port) or 1..65535, was " + port);
    }
    Path dir = logDir.toAbsolutePath();
    EmbeddedKafka kafka = new EmbeddedKafka(dir, port == 0 ? freePort() : port, freePort(), 0, 0);
    kafka.startServer();
    return kafka;
  }

  /**
   * Like {@link #start}, with a second listener for fault-injection tests: it listens on a free
   * port ({@link #proxiedListenerPort()}) but is advertised as {@code 127.0.0.1:<proxyPort>}, so a
   * client that bootstraps through a proxy on {@code proxyPort} keeps every connection — to the
   * partition leaders and the transaction coordinator too — going through that proxy.
   */
  public static EmbeddedKafka startWithProxiedListener(Path logDir, int proxyPort) {
    requireNonNull(logDir, "logDir");
    if (proxyPort < 1 || proxyPort > 65_535) {
      throw new IllegalArgumentException("proxyPort must be 1..65535, was " + proxyPort);
    }
    EmbeddedKafka kafka = new EmbeddedKafka(logDir.toAbsolutePath(), freePort(), freePort(), freePort(), proxyPort);
    kafka.startServer();
    return kafka;
  }

  /** The port of the listener {@link #startWithProxiedListener} adds: where a proxy forwards to. */
  public int proxiedListenerPort() {
    if (proxiedPort == 0) {
      throw new IllegalStateException("this broker has no proxied listener: start it with startWithProxiedListener");
    }
    return proxiedPort;
  }

  /** The client bootstrap address, {@code "127.0.0.1:<port>"}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** The client port. */
  public int port() {
    return port;
  }

  /** The log directory. */
  public Path logDir() {
    return logDir;
  }

  /** Whether the broker is running (started and not stopped). */
  public boolean isRunning() {
    lock.lock();
    try {
      return server != null;
    } finally {
      lock.unlock();
    }
  }

  /** Shuts the broker down and waits until it has; does nothing when it is already stopped. */
  public void stop() {
    lock.lock();
    try {
      KafkaRaftServer running = server;
      if (running == null) {
        return;
      }
      server = null;
      running.shutdown();
      running.awaitShutdown();
      log.info("Kafka broker on {} stopped", bootstrapServers());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the broker when it runs and starts it again on the same port and log directory: a real
   * bounce, committed data and transaction state survive it.
   */
  public void restart() {
    lock.lock();
    try {
      stop();
      startServer();
    } finally {
      lock.unlock();
    }
  }

  /** Stops the broker; the log directory stays. */
  @Override
  public void close() {
    stop();
  }

  private void startServer() {
    lock.lock();
    try {
      if (server != null) {
        return;
      }
      Map<String, String> props = properties();
      KafkaConfig config = new KafkaConfig(props, false);
      formatIfNeeded(config);
      KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
      try {
        started.startup();
      } catch (RuntimeException e) {
        started.shutdown();
        started.awaitShutdown();
        throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " with log dir " + logDir
            + " did not start: " + e.getMessage(), e);
      }
      server = started;
      log.info("Kafka broker ready on {} (log dir {})", bootstrapServers(), logDir);
    } finally {
      lock.unlock();
    }
  }

  private Map<String, String> properties() {
    Map<String, String> p = new TreeMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    String proxied = proxiedPort == 0 ? "" : ",PROXIED://" + HOST + ":" + proxiedPort;
    p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort + proxied);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port
        + (proxiedPort == 0 ? "" : ",PROXIED://" + HOST + ":" + proxyPort));
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
        + (proxiedPort == 0 ? "" : ",PROXIED:PLAINTEXT"));
    p.put("log.dirs", logDir.toString());
    p.put("metadata.log.dir", logDir.toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
    p.put("log.cleaner.threads", "1");
    p.put("broker.session.timeout.ms", "3000");
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("background.threads", "2");
    return p;
  }

  private void formatIfNeeded(KafkaConfig config) {
    try {
      Files.createDirectories(logDir);
      if (Files.exists(logDir.resolve("meta.properties"))) {
        return;
      }
      new Formatter()
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName("CONTROLLER")
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Kafka log dir " + logDir, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka log dir " + logDir + ": " + e.getMessage(), e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }

  /** Thrown in place of the JVM exit that Kafka requests on a fatal broker error. */
  static final class BrokerFault extends RuntimeException {
    BrokerFault(String message) {
      super(message);
    }
  }
}
