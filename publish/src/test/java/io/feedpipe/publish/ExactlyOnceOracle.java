package io.feedpipe.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The exactly-once oracle of Kafka's own system tests: every synthetic item carries (feed, seq) in
 * its guid; over the committed story events each (feed, seq, revision) must appear exactly once.
 */
final class ExactlyOnceOracle {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExactlyOnceOracle() {}

  /** What the events hold: counts per "feed/seq#revision". */
  static Map<String, Integer> count(List<ConsumerRecord<String, byte[]>> events) {
    Map<String, Integer> counts = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : events) {
      try {
        JsonNode node = JSON.readTree(r.value());
        counts.merge(node.get("guid").asText() + "#" + node.get("revision").asInt(), 1, Integer::sum);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return counts;
  }

  /** Problems found: missing numbers and duplicates, empty when every item is there exactly once. */
  static List<String> violations(Map<String, Integer> counts, int feeds, int itemsPerFeed) {
    List<String> problems = new ArrayList<>();
    for (int f = 0; f < feeds; f++) {
      for (int seq = 0; seq < itemsPerFeed; seq++) {
        String key = f + "/" + seq + "#1";
        int n = counts.getOrDefault(key, 0);
        if (n != 1) {
          problems.add(key + " seen " + n + " times");
        }
      }
    }
    if (counts.size() != feeds * itemsPerFeed) {
      problems.add(counts.size() + " distinct events, expected " + feeds * itemsPerFeed);
    }
    return problems;
  }
}
