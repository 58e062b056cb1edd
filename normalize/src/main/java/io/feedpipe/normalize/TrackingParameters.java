package io.feedpipe.normalize;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Query parameter names that only track a click: exact names and name prefixes, lower-case. */
record TrackingParameters(Set<String> exact, List<String> prefixes) {
  TrackingParameters(List<String> exact, List<String> prefixes) {
    this(Set.copyOf(exact), List.copyOf(prefixes));
  }

  boolean isTracking(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (exact.contains(n)) {
      return true;
    }
    for (String p : prefixes) {
      if (n.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
