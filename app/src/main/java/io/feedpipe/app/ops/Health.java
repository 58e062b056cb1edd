package io.feedpipe.app.ops;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether the service is ready, and why not.
 *
 * @param ok true when the service can do its job (Kafka reachable, feed state restored)
 * @param reasons short explanations by check name (for example {@code kafka -> "no broker at
 *     kafka:9092 for 30s"}), sorted by name; may be non-empty when {@code ok} to give detail
 */
public record Health(boolean ok, Map<String, String> reasons) {
  public Health {
    reasons = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(reasons, "reasons")));
  }

  /** Ready, nothing to say. */
  public static Health up() {
    return new Health(true, Map.of());
  }

  /** Not ready, for the given reasons (at least one). */
  public static Health down(Map<String, String> reasons) {
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("a Health that is not ok must say why: reasons is empty");
    }
    return new Health(false, reasons);
  }
}
