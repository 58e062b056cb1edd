package io.feedpipe.kafka.embedded;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  /** The broker's own SCRAM user, for inter-broker connections over a SASL listener. */
  private static final String BROKER_USER = "feedpipe-embedded-broker";
  /** Where the password of {@link #BROKER_USER} is kept, in the log directory it was formatted with. */
  private static final String BROKER_PASSWORD_FILE = "feedpipe-broker-scram-password";

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
  /** The client listeners by name, in order; the first is what {@link #bootstrapServers()} gives. */
  private final Map<String, Listener> listeners;
  private final int controllerPort;
  private final Map<String, String> scramUsers;
  private final @Nullable BrokerTls tls;
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable KafkaRaftServer server;

  /**
   * A client listener.
   *
   * @param protocol its security protocol
   * @param port where it listens on 127.0.0.1
   * @param advertisedPort the port it is advertised on (where a test's proxy listens), usually {@code port}
   */
  private record Listener(Protocol protocol, int port, int advertisedPort) {}

  /** The security protocols of the client listeners a broker can have. */
  public enum Protocol {
    PLAINTEXT,
    /** SASL with SCRAM-SHA-512 over plain TCP; the users are those given at start. */
    SASL_PLAINTEXT,
    /** TLS, server certificate only (no client authentication). */
    SSL,
    /** SASL (SCRAM-SHA-512) over TLS. */
    SASL_SSL;

    boolean sasl() {
      return this == SASL_PLAINTEXT || this == SASL_SSL;
    }

    boolean tls() {
      return this == SSL || this == SASL_SSL;
    }
  }

  /** The only SASL mechanism the secured listeners offer. */
  public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

  private EmbeddedKafka(Path logDir, Map<String, Listener> listeners, int controllerPort, Map<String, String> scramUsers,
      @Nullable BrokerTls tls) {
    this.logDir = logDir;
    this.listeners = Collections.unmodifiableMap(new LinkedHashMap<>(listeners));
    this.controllerPort = controllerPort;
    this.scramUsers = Map.copyOf(scramUsers);
    this.tls = tls;
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
    checkPort(port, "port");
    Map<String, Listener> listeners = new LinkedHashMap<>();
    int p = port == 0 ? freePort() : port;
    listeners.put("PLAINTEXT", new Listener(Protocol.PLAINTEXT, p, p));
    EmbeddedKafka kafka = new EmbeddedKafka(logDir.toAbsolutePath(), listeners, freePort(), Map.of(), null);
    kafka.startServer();
    return kafka;
  }

  /**
   * Starts a broker whose client listeners use the given protocols, each on a free port of
   * 127.0.0.1 ({@link #bootstrapServers(Protocol)}); without {@link Protocol#PLAINTEXT} among them
   * no client gets in without TLS or SASL. SASL listeners offer {@value #SCRAM_MECHANISM} to the
   * users given, whose credentials are written when the log directory is formatted (a log
   * directory formatted before keeps the users it has). TLS listeners present {@code tls}'s
   * certificate and ask clients for none.
   *
   * @param scramUsers user name → password
   * @param tls the broker's key store; required when a protocol uses TLS
   */
  public static EmbeddedKafka startSecured(Path logDir, Set<Protocol> protocols, Map<String, String> scramUsers,
      Optional<BrokerTls> tls) {
    requireNonNull(logDir, "logDir");
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("a broker needs at least one client listener");
    }
    if (protocols.stream().anyMatch(Protocol::tls) && tls.isEmpty()) {
      throw new IllegalArgumentException("TLS listeners " + protocols + " need the broker's key store (tls)");
    }
    if (protocols.stream().anyMatch(Protocol::sasl) && scramUsers.isEmpty()) {
      throw new IllegalArgumentException("SASL listeners " + protocols + " need at least one SCRAM user");
    }
    Map<String, Listener> listeners = new LinkedHashMap<>();
    for (Protocol protocol : Protocol.values()) { // a stable order: PLAINTEXT, when given, is the default
      if (protocols.contains(protocol)) {
        int port = freePort();
        listeners.put(protocol.name(), new Listener(protocol, port, port));
      }
    }
    EmbeddedKafka kafka = new EmbeddedKafka(logDir.toAbsolutePath(), listeners, freePort(), scramUsers,
        tls.orElse(null));
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
    Map<String, Listener> listeners = new LinkedHashMap<>();
    int port = freePort();
    listeners.put("PLAINTEXT", new Listener(Protocol.PLAINTEXT, port, port));
    listeners.put("PROXIED", new Listener(Protocol.PLAINTEXT, freePort(), proxyPort));
    EmbeddedKafka kafka = new EmbeddedKafka(logDir.toAbsolutePath(), listeners, freePort(), Map.of(), null);
    kafka.startServer();
    return kafka;
  }

  /** The port of the listener {@link #startWithProxiedListener} adds: where a proxy forwards to. */
  public int proxiedListenerPort() {
    Listener proxied = listeners.get("PROXIED");
    if (proxied == null) {
      throw new IllegalStateException("this broker has no proxied listener: start it with startWithProxiedListener");
    }
    return proxied.port();
  }

  /**
   * The bootstrap address of the listener with {@code protocol}, {@code "127.0.0.1:<port>"}.
   *
   * @throws IllegalArgumentException when the broker has no such listener
   */
  public String bootstrapServers(Protocol protocol) {
    return listeners.values().stream().filter(l -> l.protocol() == protocol && l.port() == l.advertisedPort())
        .findFirst().map(l -> HOST + ":" + l.port())
        .orElseThrow(() -> new IllegalArgumentException("this broker has no " + protocol + " listener"));
  }

  /** The bootstrap address of the first client listener (PLAINTEXT, when it has one), {@code "127.0.0.1:<port>"}. */
  public String bootstrapServers() {
    return HOST + ":" + port();
  }

  /** The port of the first client listener (PLAINTEXT, when it has one). */
  public int port() {
    return listeners.values().iterator().next().port();
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
    StringBuilder bind = new StringBuilder();
    StringBuilder advertised = new StringBuilder();
    StringBuilder protocols = new StringBuilder("CONTROLLER:PLAINTEXT");
    for (Map.Entry<String, Listener> e : listeners.entrySet()) {
      Listener l = e.getValue();
      bind.append(e.getKey()).append("://").append(HOST).append(':').append(l.port()).append(',');
      advertised.append(advertised.isEmpty() ? "" : ",").append(e.getKey()).append("://").append(HOST).append(':')
          .append(l.advertisedPort());
      protocols.append(',').append(e.getKey()).append(':').append(l.protocol().name());
      if (l.protocol().sasl()) {
        // SCRAM needs no server-side users here (they live in the metadata log); the entry names the
        // broker's own credentials for the inter-broker connections (transaction markers)
        p.put("listener.name." + e.getKey().toLowerCase(Locale.ROOT) + "." + SCRAM_MECHANISM.toLowerCase(Locale.ROOT)
            + ".sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + BROKER_USER + "\" password=\"" + brokerPassword() + "\";");
      }
    }
    p.put("listeners", bind + "CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", advertised.toString());
    p.put("controller.listener.names", "CONTROLLER");
    // PLAINTEXT when the broker has it; else the first secured listener, where the broker is a client of itself
    p.put("inter.broker.listener.name", listeners.keySet().iterator().next());
    p.put("listener.security.protocol.map", protocols.toString());
    if (listeners.values().stream().anyMatch(l -> l.protocol().sasl())) {
      p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
      p.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
    }
    if (tls != null) {
      p.put("ssl.keystore.type", "PKCS12");
      p.put("ssl.keystore.location", tls.keyStore().toString());
      p.put("ssl.keystore.password", tls.password());
      p.put("ssl.truststore.type", "PKCS12");
      p.put("ssl.truststore.location", tls.trustStore().toString());
      p.put("ssl.truststore.password", tls.password());
      p.put("ssl.client.auth", "none");
    }
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
          .setScramArguments(scramArguments())
          .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Kafka log dir " + logDir, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka log dir " + logDir + ": " + e.getMessage(), e);
    }
  }

  /** {@code kafka-storage format --add-scram} arguments: the users given, and the broker's own when it needs one. */
  private List<String> scramArguments() {
    Map<String, String> users = new LinkedHashMap<>(scramUsers);
    if (listeners.values().stream().anyMatch(l -> l.protocol().sasl())) {
      users.put(BROKER_USER, brokerPassword());
    }
    List<String> arguments = new ArrayList<>();
    users.forEach((name, password) -> arguments.add(SCRAM_MECHANISM + "=[name=" + name + ",password=" + password + "]"));
    return arguments;
  }

  /** The broker user's password: made once per log directory and kept there, since the credentials are formatted in. */
  private String brokerPassword() {
    Path file = logDir.resolve(BROKER_PASSWORD_FILE);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(logDir);
        Files.writeString(file, Uuid.randomUuid().toString());
      }
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the broker's SCRAM password in " + file, e);
    }
  }

  private static void checkPort(int port, String what) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(what + " must be 0 (any free port) or 1..65535, was " + port);
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
