package io.feedpipe.e2e.benchmark;

import io.feedpipe.cluster.ClusterSettings;
import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingValues;
import io.feedpipe.ingest.FetchSettings;
import io.feedpipe.ingest.ScheduleSettings;
import io.feedpipe.kafka.embedded.EmbeddedKafka;
import io.feedpipe.model.FeedDefinition;
import io.feedpipe.publish.FeedsTopic;
import io.feedpipe.publish.KafkaClientSettings;
import io.feedpipe.publish.PublishSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The scale benchmark of #23: F feeds (304 Not Modified in steady state) served by a {@link
 * ConditionalFeedServer} in its own JVM, polled (a) by the service ({@code feedpipe run} in a child
 * JVM) and (b) by the connector with {@code tasks.max=4} on two Kafka Connect workers ({@code
 * ConnectDistributed} child JVMs, exactly-once source support enabled), one after the other on the
 * same broker (in this JVM). Each feed is due every {@code --interval}, so the steady-state rate
 * asked for is F ÷ interval polls/s; after every feed was fetched once and a further {@code
 * --settle} seconds, a window of {@code --window} seconds is measured: polls/s (requests the feed
 * server answered: 200s and 304s), CPU seconds per 1,000 polls of the measured processes (user +
 * system time from {@code /proc/<pid>/stat}; the workers summed), heap used per process ({@code
 * jcmd GC.heap_info} at the window's end) and the broker's CPU (this JVM) beside. The headline is
 * the ratio of polls per CPU-second, connector ÷ service.
 *
 * <p>Both run the same settings: every feed on 127.0.0.1, so {@code fetch.perHostConcurrency} and
 * {@code schedule.perHostConcurrency} are {@code --concurrency} (the connector gives each task a
 * quarter), {@code fetch.perHostMinGap} 0, intervals fixed ({@code schedule.minInterval =
 * defaultInterval = maxInterval}, not adaptive). Needs the connector's plugin and the worker's
 * classpath: {@code ./mvnw -pl connect -am package} makes {@code connect/target/plugin} and {@code
 * connect/target/worker-classpath.txt} ({@code --connect-target} when not run from the repository root).
 *
 * <p>Args (all optional): {@code --feeds F} (10000), {@code --items M} (5), {@code --interval S}
 * (30), {@code --window S} (60), {@code --settle S} (interval + 15), {@code --concurrency C} (64),
 * {@code --heap} (1g, each child JVM's {@code -Xmx}), {@code --mode both|service|connect}, {@code
 * --connect-target DIR} (connect/target), {@code --worker-properties k=v,k=v} (none: lines added to
 * both workers' properties, e.g. to tune the clients of Connect's internal topics), {@code
 * --connector-properties k=v,k=v} (none: added to the connector's config, e.g. {@code
 * transaction.boundary=interval}), {@code --histogram DIR} (none: after the window, writes each
 * measured JVM's {@code jcmd GC.class_histogram} — live objects, after a full GC — to {@code
 * DIR/<name>-<n>.txt}, to see where the heap goes per feed), {@code --jvm-args "A B"} (none:
 * arguments, split at spaces, added to the command lines of the measured child JVMs — the service
 * and the workers — e.g. {@code -XX:StartFlightRecording=filename=/tmp/jfr/%p.jfr,settings=profile}
 * to see where their CPU goes). Prints, beside the table, each
 * measured window's CPU by thread kind ({@code /proc/<pid>/task/<tid>/stat}).
 */
public final class ConnectScaleBenchmark {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  /** Where {@code --histogram} writes each measured JVM's class histogram; null: none written. */
  private static Path histograms;

  /** {@code --jvm-args}: added to the measured child JVMs' command lines. */
  private static List<String> measuredJvmArgs = List.of();

  private ConnectScaleBenchmark() {}

  /** One mode's measured window. */
  record Measured(String name, long polls, double seconds, double cpuSeconds, double brokerCpuSeconds,
      List<Long> heapUsedBytes, double askedRate) {
    double pollsPerSecond() {
      return polls / seconds;
    }

    double cpuPer1000() {
      return cpuSeconds * 1000 / polls;
    }

    double pollsPerCpuSecond() {
      return polls / cpuSeconds;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int feeds = Integer.parseInt(opts.getOrDefault("feeds", "10000"));
    int items = Integer.parseInt(opts.getOrDefault("items", "5"));
    int interval = Integer.parseInt(opts.getOrDefault("interval", "30"));
    int window = Integer.parseInt(opts.getOrDefault("window", "60"));
    int settle = Integer.parseInt(opts.getOrDefault("settle", Integer.toString(interval + 15)));
    int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "64"));
    String heap = opts.getOrDefault("heap", "1g");
    String mode = opts.getOrDefault("mode", "both");
    histograms = opts.containsKey("histogram") ? Path.of(opts.get("histogram")).toAbsolutePath() : null;
    measuredJvmArgs = opts.containsKey("jvm-args") ? List.of(opts.get("jvm-args").strip().split(" +")) : List.of();
    Path connectTarget = Path.of(opts.getOrDefault("connect-target", "connect/target")).toAbsolutePath();
    List<String> workerProperties = opts.containsKey("worker-properties")
        ? List.of(opts.get("worker-properties").split(",")) : List.of();
    List<String> connectorProperties = opts.containsKey("connector-properties")
        ? List.of(opts.get("connector-properties").split(",")) : List.of();

    Map<Setting<?>, String> common = new LinkedHashMap<>();
    common.put(FetchSettings.ALLOWED_ADDRESSES, "127.0.0.1/32");
    common.put(FetchSettings.PER_HOST_CONCURRENCY, Integer.toString(concurrency));
    common.put(ScheduleSettings.PER_HOST_CONCURRENCY, Integer.toString(concurrency));
    common.put(FetchSettings.PER_HOST_MIN_GAP, "0s");
    common.put(ScheduleSettings.DEFAULT_INTERVAL, interval + "s");
    common.put(ScheduleSettings.MIN_INTERVAL, interval + "s");
    common.put(ScheduleSettings.MAX_INTERVAL, interval + "s");
    common.put(ScheduleSettings.ADAPTIVE, "false");

    Path dir = Files.createTempDirectory("feedpipe-scale-bench-");
    List<Process> children = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      String bootstrap = kafka.bootstrapServers();
      Process server = java("256m", System.getProperty("java.class.path"), List.of(ConditionalFeedServer.class.getName(),
          "--items", Integer.toString(items)), Map.of(), null);
      children.add(server);
      int serverPort = Integer.parseInt(new BufferedReader(new InputStreamReader(server.getInputStream(),
          StandardCharsets.UTF_8)).readLine().replace("port=", "").strip());
      System.out.printf(Locale.ROOT, "%s UTC, JDK %s, %d cores; %d feeds x %d items on 127.0.0.1:%d (own JVM), each due"
              + " every %d s: %.0f polls/s asked; window %d s after %d s settled; child heap -Xmx%s; broker in the driver%n",
          Instant.now().toString().substring(0, 19).replace('T', ' '), System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), feeds, items, serverPort, interval, (double) feeds / interval,
          window, settle, heap);

      List<Measured> results = new ArrayList<>();
      if (!mode.equals("connect")) {
        results.add(runService(bootstrap, serverPort, feeds, interval, window, settle, heap, common, dir));
      }
      if (!mode.equals("service")) {
        results.add(runConnect(bootstrap, serverPort, feeds, interval, window, settle, heap, common, dir, connectTarget,
            workerProperties, connectorProperties));
      }
      System.out.println();
      System.out.println("                         polls   window s  polls/s  CPU s/1000 polls  polls/CPU s  broker CPU s/1000  heap used per process");
      for (Measured m : results) {
        System.out.printf(Locale.ROOT, "%-22s %8d %9.1f %8.1f %17.3f %12.0f %18.3f  %s%n", m.name(), m.polls(), m.seconds(),
            m.pollsPerSecond(), m.cpuPer1000(), m.pollsPerCpuSecond(), m.brokerCpuSeconds() * 1000 / m.polls(),
            m.heapUsedBytes().stream().map(b -> (b >> 20) + " MB").collect(Collectors.joining(", ")));
      }
      if (results.size() == 2) {
        System.out.printf(Locale.ROOT, "ratio connector / service, polls per CPU second: %.2f (goal >= 0.8)%n",
            results.get(1).pollsPerCpuSecond() / results.get(0).pollsPerCpuSecond());
      }
    } finally {
      for (Process p : children) {
        p.destroyForcibly().waitFor();
      }
    }
  }

  private static Measured runService(String bootstrap, int serverPort, int feeds, int interval, int window, int settle,
      String heap, Map<Setting<?>, String> common, Path dir) throws Exception {
    String set = "svc";
    writeFeeds(bootstrap, set, serverPort, feeds);
    Map<String, String> env = new LinkedHashMap<>();
    common.forEach((s, v) -> env.put(s.envVar(), v));
    env.put(PublishSettings.TOPIC_PREFIX.envVar(), set);
    env.put(PublishSettings.TRANSACTIONAL_ID.envVar(), set + "-feedpipe");
    env.put(ClusterSettings.ENABLED.envVar(), "false");
    Path log = dir.resolve("service.log");
    Process service = java(heap, System.getProperty("java.class.path"), measured("io.feedpipe.app.Main", "run",
        "--bootstrap-servers", bootstrap, "--http-port", Integer.toString(freePort()),
        "--data-dir", Files.createDirectories(dir.resolve("service")).toString()), env, log);
    try {
      return measure("service (1 JVM)", List.of(service), serverPort, set, feeds, interval, window, settle, log);
    } finally {
      service.destroy(); // SIGTERM: the service stops cleanly
      if (!service.waitFor(30, TimeUnit.SECONDS)) {
        service.destroyForcibly().waitFor();
      }
    }
  }

  private static Measured runConnect(String bootstrap, int serverPort, int feeds, int interval, int window, int settle,
      String heap, Map<Setting<?>, String> common, Path dir, Path connectTarget, List<String> workerProperties,
      List<String> connectorProperties)
      throws Exception {
    String set = "con";
    writeFeeds(bootstrap, set, serverPort, feeds);
    String classpath = Files.readString(connectTarget.resolve("worker-classpath.txt")).strip();
    Path logback = dir.resolve("logback.xml");
    Files.writeString(logback, """
        <configuration><appender name="OUT" class="ch.qos.logback.core.ConsoleAppender"><encoder>
        <pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder></appender>
        <root level="INFO"><appender-ref ref="OUT"/></root></configuration>
        """);
    List<Process> workers = new ArrayList<>();
    List<Integer> restPorts = new ArrayList<>();
    try {
      for (int w = 0; w < 2; w++) {
        int rest = freePort();
        Path properties = dir.resolve("worker-" + w + ".properties");
        Files.writeString(properties, String.join("\n",
            "bootstrap.servers=" + bootstrap, "group.id=scale-cluster",
            "listeners=http://127.0.0.1:" + rest, "rest.advertised.host.name=127.0.0.1", "rest.advertised.port=" + rest,
            "plugin.path=" + connectTarget.resolve("plugin"),
            "key.converter=org.apache.kafka.connect.json.JsonConverter",
            "value.converter=org.apache.kafka.connect.json.JsonConverter",
            "config.storage.topic=scale-configs", "offset.storage.topic=scale-offsets", "status.storage.topic=scale-status",
            "config.storage.replication.factor=1", "offset.storage.replication.factor=1",
            "status.storage.replication.factor=1", "exactly.once.source.support=enabled",
            "scheduled.rebalance.max.delay.ms=5000", String.join("\n", workerProperties), ""));
        workers.add(java(heap, classpath, measured("-Dlogback.configurationFile=" + logback,
            "org.apache.kafka.connect.cli.ConnectDistributed", properties.toString()), Map.of(), dir.resolve("worker-" + w + ".log")));
        restPorts.add(rest);
      }
      for (int rest : restPorts) {
        awaitTrue(Duration.ofSeconds(120), () -> {
          try {
            return get(rest, "/connector-plugins").contains("io.feedpipe.connect.FeedSourceConnector");
          } catch (IOException e) {
            return false;
          }
        }, "worker on REST port " + rest + " to list the feedpipe plugin (see " + dir + ")");
      }
      Map<String, String> config = new LinkedHashMap<>();
      config.put("connector.class", "io.feedpipe.connect.FeedSourceConnector");
      config.put("tasks.max", "4");
      config.put("exactly.once.support", "required");
      config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
      config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
      config.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
      config.put("kafka.bootstrapServers", bootstrap);
      config.put("topics.prefix", set);
      common.forEach((s, v) -> config.put(s.key(), v));
      for (String kv : connectorProperties) {
        config.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
      String body = config.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
          .collect(Collectors.joining(",", "{", "}"));
      HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPorts.getFirst()
              + "/connectors/feedpipe/config")).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (created.statusCode() / 100 != 2) {
        throw new IllegalStateException("creating the connector: " + created.statusCode() + " " + created.body());
      }
      Measured m = measure("connector (2 workers)", workers, serverPort, set, feeds, interval, window, settle,
          dir.resolve("worker-0.log"));
      System.out.println("connector status: " + get(restPorts.getFirst(), "/connectors/feedpipe/status"));
      return m;
    } finally {
      for (Process w : workers) {
        w.destroy(); // SIGTERM: the worker stops cleanly (and writes a flight recording asked for by --jvm-args)
      }
      for (Process w : workers) {
        if (!w.waitFor(30, TimeUnit.SECONDS)) {
          w.destroyForcibly().waitFor();
        }
      }
    }
  }

  private static Measured measure(String name, List<Process> processes, int serverPort, String set, int feeds,
      int interval, int window, int settle, Path log) throws Exception {
    long started = System.nanoTime();
    awaitTrue(Duration.ofMinutes(15), () -> {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(name + ": a process exited with " + p.exitValue() + "; see " + log);
        }
      }
      return stats(serverPort, set)[2] >= feeds;
    }, name + ": every feed fetched once");
    System.out.printf(Locale.ROOT, "%s: every feed fetched once after %.0f s; settling %d s%n", name,
        (System.nanoTime() - started) / 1e9, settle);
    Thread.sleep(settle * 1000L);
    long[] before = stats(serverPort, set);
    double cpuBefore = cpuSeconds(processes);
    Map<String, Long> threadsBefore = threadTicks(processes);
    double brokerBefore = ownCpuSeconds();
    long t0 = System.nanoTime();
    Thread.sleep(window * 1000L);
    long[] after = stats(serverPort, set);
    double cpuAfter = cpuSeconds(processes);
    printThreadShares(name, threadsBefore, threadTicks(processes));
    double brokerAfter = ownCpuSeconds();
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<Long> heaps = new ArrayList<>();
    for (Process p : processes) {
      heaps.add(heapUsedBytes(p.pid()));
    }
    if (histograms != null) { // after the heap figures: the histogram's full GC would lower them
      Files.createDirectories(histograms);
      for (int i = 0; i < processes.size(); i++) {
        Path file = histograms.resolve(name.replaceAll(" .*", "") + "-" + i + ".txt");
        jcmd(processes.get(i).pid(), "GC.class_histogram", file);
        System.out.printf(Locale.ROOT, "%s: class histogram of process %d in %s%n", name, i, file);
      }
    }
    long polls = (after[0] + after[1]) - (before[0] + before[1]);
    System.out.printf(Locale.ROOT, "%s: %d polls in the window, of which %d answered 200%n", name, polls, after[0] - before[0]);
    return new Measured(name, polls, seconds, cpuAfter - cpuBefore, brokerAfter - brokerBefore, heaps,
        (double) feeds / interval);
  }

  private static void writeFeeds(String bootstrap, String set, int serverPort, int feeds) throws Exception {
    List<FeedDefinition> defs = new ArrayList<>(feeds);
    for (int i = 0; i < feeds; i++) {
      defs.add(FeedDefinition.of(URI.create("http://127.0.0.1:" + serverPort + "/" + set + "/" + i + ".xml")));
    }
    FeedsTopic.write(PublishSettings.from(SettingValues.defaults()
        .with(KafkaClientSettings.BOOTSTRAP_SERVERS, bootstrap)
        .with(PublishSettings.TOPIC_PREFIX, set)), defs, List.of());
  }

  /** The feed server's counts for {@code set}: 200s, 304s, distinct feeds served a 200. */
  private static long[] stats(int serverPort, String set) {
    try {
      String[] parts = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/stats/" + set)).build(),
          HttpResponse.BodyHandlers.ofString()).body().strip().split(" ");
      return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])};
    } catch (IOException e) {
      throw new IllegalStateException("the feed server does not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** User + system CPU seconds of the processes, from {@code /proc/<pid>/stat} (fields 14 and 15). */
  private static double cpuSeconds(List<Process> processes) throws IOException {
    double total = 0;
    for (Process p : processes) {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields from 3 on
      total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) ThreadCpu.CLOCK_TICKS_PER_SECOND;
    }
    return total;
  }

  /** CPU ticks of the processes' threads, by {@code <pid>/<tid>/<name>} ({@link ThreadCpu#ticks}). */
  private static Map<String, Long> threadTicks(List<Process> processes) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    for (Process p : processes) {
      ticks.putAll(ThreadCpu.ticks(p.pid()));
    }
    return ticks;
  }

  /**
   * The share of the window's CPU each kind of thread took (names with their digits dropped, so a
   * pool's threads are one kind), the largest first, the processes together.
   */
  private static void printThreadShares(String name, Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> byKind = new java.util.TreeMap<>();
    long total = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      String kind = e.getKey().substring(e.getKey().indexOf('/', e.getKey().indexOf('/') + 1) + 1)
          .replaceAll("[0-9]+", "#");
      byKind.merge(kind, used, Long::sum);
      total += used;
    }
    long all = Math.max(1, total);
    System.out.printf(Locale.ROOT, "%s: CPU by thread kind in the window: %s%n", name, byKind.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
        .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / all))
        .collect(Collectors.joining(", ")));
  }

  private static double ownCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  /** Heap in use as {@code jcmd <pid> GC.heap_info} reports it; -1 when it cannot tell. */
  private static long heapUsedBytes(long pid) throws IOException, InterruptedException {
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor();
    Matcher m = HEAP_USED.matcher(out);
    return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
  }

  /** Runs {@code jcmd <pid> <command>}, its output to {@code out}. */
  private static void jcmd(long pid, String command, Path out) throws IOException, InterruptedException {
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid), command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    jcmd.waitFor();
  }

  /** A measured child JVM's arguments after {@code -cp}: {@code --jvm-args}, then {@code args}. */
  private static List<String> measured(String... args) {
    List<String> all = new ArrayList<>(measuredJvmArgs);
    all.addAll(List.of(args));
    return all;
  }

  private static Process java(String heap, String classpath, List<String> mainAndArgs, Map<String, String> env,
      Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-cp", classpath));
    command.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    if (log != null) {
      pb.redirectOutput(log.toFile());
    }
    return pb.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String get(int rest, String path) throws IOException {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void awaitTrue(Duration limit, BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting for " + what + " after " + limit);
      }
      Thread.sleep(500);
    }
  }
}
