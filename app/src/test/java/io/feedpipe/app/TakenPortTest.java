package io.feedpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #19: a busy embedded-Kafka port flooded stdout with ~137 lines of Kafka stack traces and never
 * said "address in use". Now `feedpipe run` ends with one line naming the address, the setting and
 * the flag, and Kafka's own logs stay out of the console.
 */
class TakenPortTest {
  @TempDir Path dir;

  @Test
  void aTakenEmbeddedKafkaPortIsOneLineNamingTheSettingAndTheFlag() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        FeedpipeProcess run = FeedpipeProcess.start(dir.resolve("logs"), Map.of(), "run",
            "--embedded-kafka-port", Integer.toString(taken.getLocalPort()), "--http-port", "0",
            "--data-dir", dir.resolve("data").toString())) {
      assertThat(run.exitCode(Duration.ofMinutes(2))).isEqualTo(1);
      assertThat(run.err().lines()).singleElement().asString().isEqualTo("feedpipe: address in use: 127.0.0.1:"
          + taken.getLocalPort() + " is taken by another process; choose another port with kafka.embeddedPort "
          + "(flag --embedded-kafka-port)");
      assertThat(run.out()).doesNotContain("\tat ").doesNotContain("Exception");
    }
  }

  @Test
  void aTakenHttpPortIsOneLineNamingTheSettingAndTheFlag() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        FeedpipeProcess run = FeedpipeProcess.start(dir.resolve("logs"), Map.of("FEEDPIPE_HTTP_HOST", "127.0.0.1"),
            "run", "--http-port", Integer.toString(taken.getLocalPort()), "--data-dir", dir.resolve("data").toString())) {
      assertThat(run.exitCode(Duration.ofMinutes(2))).isEqualTo(1);
      assertThat(run.err().lines()).singleElement().asString().isEqualTo("feedpipe: address in use: 127.0.0.1:"
          + taken.getLocalPort() + " is taken by another process; choose another port with http.port (flag --http-port)");
      assertThat(run.out()).doesNotContain("\tat ");
    }
  }

  @Test
  void aTakenHttpPortOfTheClusterStageIsOneLineNamingTheSettingAndTheFlag() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        FeedpipeProcess cluster = FeedpipeProcess.start(dir.resolve("logs"), Map.of("FEEDPIPE_HTTP_HOST", "127.0.0.1"),
            "cluster", "--http-port", Integer.toString(taken.getLocalPort()), "--bootstrap-servers", "127.0.0.1:9",
            "--data-dir", dir.resolve("data").toString())) {
      assertThat(cluster.exitCode(Duration.ofMinutes(2))).isEqualTo(1);
      assertThat(cluster.err().lines()).singleElement().asString().isEqualTo("feedpipe: address in use: 127.0.0.1:"
          + taken.getLocalPort() + " is taken by another process; choose another port with http.port (flag --http-port)");
      assertThat(cluster.out()).doesNotContain("\tat ").doesNotContain("Cluster stage");
    }
  }
}
