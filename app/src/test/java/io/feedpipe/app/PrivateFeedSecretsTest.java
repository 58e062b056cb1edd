package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #20, done when: {@code feedpipe run} with a feeds file that gives private feeds' credentials by
 * environment variable and by file ingests them, and no byte of any secret appears in anything the
 * service wrote — every Kafka topic (internal ones and aborted records included), the broker's own
 * files (as stored: the records in them are compressed, so the topics are read back as well), its log output in JSON and in text, {@code /feeds}, {@code /metrics}, the health endpoints
 * and {@code feedpipe status} — although each feed also fails once (an HTTP 500 at a URL carrying a
 * token, a body that is no feed), is redirected to another host, and is polled again after a restart
 * from its redacted state.
 *
 * <p>The service runs as {@code feedpipe run} does: its own process (this test's class path), its
 * embedded broker, its environment, its logback configuration.
 */
class PrivateFeedSecretsTest {
  // each secret a string no other output could contain by chance
  private static final String PASSWORD = "pw-Env-Zq9K41";
  private static final String BEARER = "tok-File-Zq9M72";
  private static final String API_KEY = "key-Env-Zq9P03";
  private static final String URL_TOKEN = "urltoken-Zq9R55";
  private static final String URL_SIG = "urlsig-Zq9S16";
  private static final String USERINFO_PASSWORD = "userinfo-Zq9T87";
  private static final String REDIRECT_AUTH = "redirect-Zq9U28";
  private static final String LINK_PASSWORD = "linkpw-Zq9V49";
  private static final List<String> SECRETS = List.of(PASSWORD, BEARER, API_KEY, URL_TOKEN, URL_SIG, USERINFO_PASSWORD,
      REDIRECT_AUTH, LINK_PASSWORD);

  @TempDir Path dir;
  private HttpServer origin;
  private HttpServer otherHost;
  private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
  private final List<String> otherHostAuthorization = new CopyOnWriteArrayList<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();
  private Process service;

  @BeforeEach
  void serveThePrivateFeeds() throws IOException {
    origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    otherHost = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
    // a: Basic auth from an environment variable, a token in its URL; its first poll gets a 500
    origin.createContext("/a.xml", ex -> {
      boolean ok = ("Basic " + base64("alice:" + PASSWORD)).equals(ex.getRequestHeaders().getFirst("Authorization"))
          && ("token=" + URL_TOKEN).equals(ex.getRequestURI().getRawQuery());
      answer(ex, "a", ok, count("a-requests") == 1 ? 500 : 200);
    });
    // b: a bearer token from a file and an API-key header from an environment variable; its first
    // poll gets a body that is no feed (a dead letter)
    origin.createContext("/b.xml", ex -> {
      boolean ok = ("Bearer " + BEARER).equals(ex.getRequestHeaders().getFirst("Authorization"))
          && API_KEY.equals(ex.getRequestHeaders().getFirst("X-Api-Key"))
          && ("sig=" + URL_SIG).equals(ex.getRequestURI().getRawQuery());
      answer(ex, "b", ok, count("b-requests") == 1 ? 299 : 200);
    });
    // c: userinfo in the feeds file's URL; the origin sends it on to another host (with a secret of
    // its own in the Location), which must see no credentials
    origin.createContext("/c.xml", ex -> {
      if (!("Basic " + base64("bob:" + USERINFO_PASSWORD)).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        answer(ex, "c", false, 200);
        return;
      }
      ex.getResponseHeaders().set("Location",
          "http://127.0.0.2:" + otherHost.getAddress().getPort() + "/c.xml?auth=" + REDIRECT_AUTH);
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    otherHost.createContext("/c.xml", ex -> {
      otherHostAuthorization.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      answer(ex, "c", ("auth=" + REDIRECT_AUTH).equals(ex.getRequestURI().getRawQuery()), 200);
    });
    origin.start();
    otherHost.start();
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (service != null && service.isAlive()) {
      service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    origin.stop(0);
    otherHost.stop(0);
  }

  private int count(String what) {
    return served.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
  }

  private int served(String feed) {
    return served.computeIfAbsent(feed + "-ok", k -> new AtomicInteger()).get();
  }

  /** The feed when authorized ({@code 299}: an HTML page instead), 401 otherwise. */
  private void answer(HttpExchange ex, String feed, boolean authorized, int status) throws IOException {
    byte[] body;
    int code = status;
    if (!authorized) {
      refused.add(feed + " " + ex.getRequestURI());
      body = "no".getBytes(StandardCharsets.UTF_8);
      code = 401;
    } else if (status == 299) {
      body = "<html><body>Sign in to read this feed".getBytes(StandardCharsets.UTF_8);
      code = 200;
    } else if (status != 200) {
      body = "oops".getBytes(StandardCharsets.UTF_8);
    } else {
      body = rss(feed).getBytes(StandardCharsets.UTF_8);
      count(feed + "-ok");
    }
    ex.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
    ex.sendResponseHeaders(code, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private static String rss(String feed) {
    // c's first item links with userinfo: the story url must not carry it
    String firstLink = feed.equals("c") ? "https://carol:" + LINK_PASSWORD + "@news.example/c-1" : "https://news.example/" + feed + "-1";
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Private %1$s</title><link>https://news.example/</link>
        <item><guid>%1$s-1</guid><title>First story of %1$s</title><link>%2$s</link>
        <description>The first private story of feed %1$s.</description></item>
        <item><guid>%1$s-2</guid><title>Second story of %1$s</title><link>https://news.example/%1$s-2</link>
        <description>The second private story of feed %1$s.</description></item>
        </channel></rss>
        """.formatted(feed, firstLink);
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void noByteOfASecretLeavesTheServiceThroughAnyTopicLogEndpointOrErrorLine() throws Exception {
    int port = origin.getAddress().getPort();
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("bearer-token"), BEARER + "\n");
    Path feeds = Files.writeString(secrets.resolve("feeds.yaml"), """
        feeds:
          - url: http://127.0.0.1:%1$d/a.xml?token=%2$s
            auth: {basic: {username: alice, passwordEnv: FEEDPIPE_TEST_FEED_PASSWORD}}
          - url: http://127.0.0.1:%1$d/b.xml?sig=%3$s
            auth: {bearer: {tokenFile: bearer-token}}
            headers: {X-Api-Key: {valueEnv: FEEDPIPE_TEST_FEED_KEY}}
          - url: http://bob:%4$s@127.0.0.1:%1$d/c.xml
        """.formatted(port, URL_TOKEN, URL_SIG, USERINFO_PASSWORD));
    Path dataDir = Files.createDirectories(dir.resolve("data"));
    int kafkaPort = freePort();
    int httpPort = freePort();
    String base = "http://127.0.0.1:" + httpPort;
    Map<String, byte[]> written = new LinkedHashMap<>();

    // first run: JSON logs; each feed fails once, then publishes its two stories
    Path jsonLog = dir.resolve("run-json.log");
    service = start(feeds, dataDir, kafkaPort, httpPort, "json", jsonLog);
    List<ConsumerRecord<byte[], byte[]>> stories = awaitRecords(kafkaPort, "feedpipe.stories", 6);
    assertThat(stories).hasSize(6);
    awaitRecords(kafkaPort, "feedpipe.dead-letters", 1);
    await().atMost(Duration.ofSeconds(60)).until(() -> get(base + "/feeds").contains("\"consecutiveErrors\":0")
        && !get(base + "/feeds").matches("(?s).*\"consecutiveErrors\":[1-9].*"));
    collectEndpoints(base, "run 1", written);
    stop(service);
    written.put("log of run 1 (json)", Files.readAllBytes(jsonLog));

    // second run: text logs; every feed polls again from its redacted state, with its real secrets
    int aBefore = served("a");
    int bBefore = served("b");
    int cBefore = served("c");
    Path textLog = dir.resolve("run-text.log");
    service = start(feeds, dataDir, kafkaPort, httpPort, "text", textLog);
    await().atMost(Duration.ofSeconds(90)).until(() -> served("a") > aBefore && served("b") > bBefore && served("c") > cBefore);
    await().atMost(Duration.ofSeconds(60)).until(() -> get(base + "/feeds").contains("\"outcome\":\"ok\""));
    collectEndpoints(base, "run 2", written);
    written.putAll(everyTopic(kafkaPort));
    stop(service);
    written.put("log of run 2 (text)", Files.readAllBytes(textLog));
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        written.put("data dir file " + dataDir.relativize(f), Files.readAllBytes(f));
      }
    }

    // no byte of any secret anywhere
    for (Map.Entry<String, byte[]> output : written.entrySet()) {
      for (String secret : SECRETS) {
        assertThat(indexOf(output.getValue(), secret.getBytes(StandardCharsets.UTF_8)))
            .as("%s holds the secret %s", output.getKey(), secret).isEqualTo(-1);
      }
    }
    // the credentials reached their origin, every time, and never the other host
    assertThat(refused).isEmpty();
    assertThat(otherHostAuthorization).isNotEmpty().containsOnly("null");
    // what was searched holds what it should: the stories, the failures, URLs shown redacted
    String topics = text(written, "topic ");
    assertThat(topics).contains("First story of a", "Second story of b", "First story of c",
        "token=REDACTED: HTTP 500", "sig=REDACTED", "https://news.example/c-1");
    assertThat(text(written, "log of run 1")).contains("token=REDACTED");
    assertThat(text(written, "log of run 2")).contains("feedpipe started");
    assertThat(text(written, "feedpipe status")).contains("token=REDACTED", "sig=REDACTED");
    // the records themselves are lz4 batches there, read back above through the consumer
    assertThat(written.keySet()).anyMatch(k -> k.startsWith("data dir file kafka/feedpipe.stories-0/"));
    assertThat(written.keySet()).contains("topic feedpipe.feed-state", "topic feedpipe.feed-status",
        "topic feedpipe.dead-letters", "topic __transaction_state", "GET /metrics (run 2)");
  }

  private Process start(Path feeds, Path dataDir, int kafkaPort, int httpPort, String logFormat, Path log)
      throws IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // C1 only and the serial collector: the service starts in about half the time
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
        Main.class.getName(),
        "run", "--feed", feeds.toString(), "--embedded-kafka-port", String.valueOf(kafkaPort),
        "--http-port", String.valueOf(httpPort), "--data-dir", dataDir.toString(), "--log-format", logFormat,
        "--allow-address", "127.0.0.0/8");
    pb.environment().put("FEEDPIPE_TEST_FEED_PASSWORD", PASSWORD);
    pb.environment().put("FEEDPIPE_TEST_FEED_KEY", API_KEY);
    pb.environment().put("FEEDPIPE_LOG_LEVEL", "DEBUG");
    pb.environment().put("FEEDPIPE_SCHEDULE_MIN_INTERVAL", "500ms");
    pb.environment().put("FEEDPIPE_SCHEDULE_DEFAULT_INTERVAL", "1s");
    pb.environment().put("FEEDPIPE_SCHEDULE_MAX_INTERVAL", "1s");
    pb.environment().put("FEEDPIPE_SCHEDULE_MAX_BACKOFF", "1s");
    pb.environment().put("FEEDPIPE_SCHEDULE_ADAPTIVE", "false");
    pb.environment().put("FEEDPIPE_SCHEDULE_JITTER", "0");
    pb.environment().put("FEEDPIPE_FETCH_PER_HOST_MIN_GAP", "0s");
    pb.environment().put("FEEDPIPE_TOPICS_PARTITIONS", "1");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy(); // SIGTERM, as compose and Ctrl-C do
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the service stops on SIGTERM").isTrue();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String get(String url) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return ""; // not up yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static void collectEndpoints(String base, String run, Map<String, byte[]> written) {
    for (String path : List.of("/feeds", "/metrics", "/health/ready", "/health/live")) {
      written.put("GET " + path + " (" + run + ")", get(base + path).getBytes(StandardCharsets.UTF_8));
    }
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
      System.setOut(capture);
      System.setErr(capture);
      assertThat(Main.execute("status", "--url", base)).isZero();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    written.put("feedpipe status (" + run + ")", captured.toByteArray());
  }

  /** Every record of every topic, internal ones included, read uncommitted (aborted records too): key, value and headers. */
  private static Map<String, byte[]> everyTopic(int kafkaPort) throws Exception {
    Map<String, byte[]> out = new LinkedHashMap<>();
    Set<String> topics;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort))) {
      topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
    }
    for (String topic : topics) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (ConsumerRecord<byte[], byte[]> r : read(kafkaPort, topic, "read_uncommitted", 0)) {
        for (byte[] part : new byte[][] {r.key(), r.value()}) {
          if (part != null) {
            bytes.write(part);
            bytes.write('\n');
          }
        }
        for (Header h : r.headers()) {
          bytes.write((h.key() + "=").getBytes(StandardCharsets.UTF_8));
          bytes.write(h.value() == null ? new byte[0] : h.value());
          bytes.write('\n');
        }
      }
      out.put("topic " + topic, bytes.toByteArray());
    }
    return out;
  }

  private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(int kafkaPort, String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    // the broker comes up with the service: metadata time-outs until then are no failure
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .ignoreException(org.apache.kafka.common.errors.TimeoutException.class).until(() -> {
      records.clear();
      records.addAll(read(kafkaPort, topic, "read_committed", expected));
      return records.size() >= expected;
    });
    return records;
  }

  /** A topic from its start to its end now (waiting up to 10 s for {@code atLeast} records); empty when it does not exist yet. */
  private static List<ConsumerRecord<byte[], byte[]>> read(int kafkaPort, String topic, String isolation, int atLeast) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      if (!consumer.listTopics().containsKey(topic)) {
        return records;
      }
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline
          && (records.size() < atLeast || !partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p)))) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  private static String text(Map<String, byte[]> written, String prefix) {
    StringBuilder out = new StringBuilder();
    written.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.append(new String(v, StandardCharsets.UTF_8)).append('\n');
      }
    });
    return out.toString();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
