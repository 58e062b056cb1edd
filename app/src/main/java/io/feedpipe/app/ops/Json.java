package io.feedpipe.app.ops;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The few JSON shapes the ops endpoints answer with, written by hand: flat objects of strings,
 * numbers and nulls do not need a data-binding library, and this keeps the output byte-stable.
 */
final class Json {
  private Json() {}

  static String health(String status, Map<String, String> reasons) {
    StringBuilder out = new StringBuilder("{\"status\":");
    string(out, status);
    if (!reasons.isEmpty()) {
      out.append(",\"reasons\":{");
      String sep = "";
      for (Map.Entry<String, String> e : reasons.entrySet()) {
        out.append(sep);
        string(out, e.getKey());
        out.append(':');
        string(out, e.getValue());
        sep = ",";
      }
      out.append('}');
    }
    return out.append('}').toString();
  }

  static String feeds(Iterable<FeedStatusView> feeds) {
    StringBuilder out = new StringBuilder("[");
    String sep = "";
    for (FeedStatusView f : feeds) {
      out.append(sep).append("{\"id\":");
      string(out, f.id());
      out.append(",\"url\":");
      string(out, f.url().toString());
      out.append(",\"lastPollAt\":");
      instant(out, f.lastPollAt());
      out.append(",\"outcome\":");
      optional(out, f.outcome().map(o -> o.label()));
      out.append(",\"nextDueAt\":");
      instant(out, f.nextDueAt());
      out.append(",\"consecutiveErrors\":").append(f.consecutiveErrors());
      out.append(",\"error\":");
      optional(out, f.error());
      out.append(",\"disabledReason\":");
      optional(out, f.disabledReason());
      out.append('}');
      sep = ",";
    }
    return out.append(']').toString();
  }

  private static void instant(StringBuilder out, Optional<Instant> value) {
    optional(out, value.map(Instant::toString));
  }

  private static void optional(StringBuilder out, Optional<String> value) {
    if (value.isPresent()) {
      string(out, value.get());
    } else {
      out.append("null");
    }
  }

  /** A JSON string literal (RFC 8259): quotes, backslash and control characters escaped. */
  static void string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
