package io.feedpipe.e2e.benchmark;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * What a phase wrote to one topic of the in-JVM broker: the bytes clients sent it (the broker's
 * {@code BrokerTopicMetrics BytesInPerSec} count, as compressed on the wire), the growth of its log
 * on disk (batch headers, transaction markers and offsets commits included), and the offsets it
 * gained (records and transaction markers).
 */
record TopicGrowth(long bytesIn, long logBytes, long offsets) {

  /** One topic at one moment. */
  record Sizes(long bytesIn, long logBytes, long endOffsets) {}

  /** Every topic of the broker at {@code bootstrap} now; the broker must run in this JVM (for its JMX metrics). */
  static Map<String, Sizes> sizes(String bootstrap) throws ExecutionException, InterruptedException {
    Map<String, long[]> byTopic = new HashMap<>();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
        for (LogDirDescription dir : dirs.values()) {
          for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
            byTopic.computeIfAbsent(r.getKey().topic(), t -> new long[3])[1] += r.getValue().size();
            latest.put(r.getKey(), OffsetSpec.latest());
          }
        }
      }
      admin.listOffsets(latest).all().get().forEach((tp, info) -> byTopic.get(tp.topic())[2] += info.offset());
    }
    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    Map<String, Sizes> sizes = new HashMap<>();
    for (Map.Entry<String, long[]> e : byTopic.entrySet()) {
      sizes.put(e.getKey(), new Sizes(bytesIn(jmx, e.getKey()), e.getValue()[1], e.getValue()[2]));
    }
    return sizes;
  }

  private static long bytesIn(MBeanServer jmx, String topic) {
    try {
      ObjectName name = new ObjectName("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=" + topic);
      return jmx.isRegistered(name) ? ((Number) jmx.getAttribute(name, "Count")).longValue() : 0;
    } catch (JMException e) {
      throw new IllegalStateException("the broker's BytesInPerSec of " + topic + " is unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * What each topic that grew gained from {@code before} to {@code after}, the most log bytes first,
   * named with {@code <app>} for {@code applicationId} and {@code <prefix>} for {@code prefix}.
   */
  static Map<String, TopicGrowth> between(Map<String, Sizes> before, Map<String, Sizes> after, String prefix,
      String applicationId) {
    List<Map.Entry<String, TopicGrowth>> grown = new ArrayList<>();
    for (Map.Entry<String, Sizes> e : after.entrySet()) {
      Sizes b = before.getOrDefault(e.getKey(), new Sizes(0, 0, 0));
      Sizes a = e.getValue();
      TopicGrowth g = new TopicGrowth(a.bytesIn() - b.bytesIn(), a.logBytes() - b.logBytes(),
          a.endOffsets() - b.endOffsets());
      if (g.bytesIn() != 0 || g.logBytes() != 0 || g.offsets() != 0) {
        String name = e.getKey().replace(applicationId, "<app>").replace(prefix, "<prefix>");
        grown.add(Map.entry(name, g));
      }
    }
    grown.sort(Comparator.comparingLong((Map.Entry<String, TopicGrowth> e) -> e.getValue().logBytes()).reversed());
    Map<String, TopicGrowth> ordered = new LinkedHashMap<>();
    grown.forEach(e -> ordered.put(e.getKey(), e.getValue()));
    return ordered;
  }
}
