package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-host gap on a clock of the test's own: each turn's wait is exact, not timed. */
class HostGatesTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Duration> waits = new ArrayList<>();
  private final HostGates gates = new HostGates(4, Duration.ofMillis(150), now::get, waits::add);

  @Test
  void requestsToOneHostAtOneInstantAreSpacedByTheGap() throws Exception {
    for (int i = 0; i < 4; i++) {
      gates.acquire("gap.test");
    }
    assertThat(waits).containsExactly(Duration.ofMillis(150), Duration.ofMillis(300), Duration.ofMillis(450));
  }

  @Test
  void anotherHostDoesNotWaitForABusyOne() throws Exception {
    gates.acquire("busy.test");
    gates.acquire("busy.test");
    gates.acquire("other.test");
    assertThat(waits).containsExactly(Duration.ofMillis(150));
  }

  @Test
  void aRequestAfterTheGapHasPassedStartsAtOnceAndHostNamesIgnoreCase() throws Exception {
    gates.acquire("Gap.Test");
    now.addAndGet(Duration.ofMillis(200).toNanos());
    gates.acquire("gap.test");
    now.addAndGet(Duration.ofMillis(100).toNanos());
    gates.acquire("GAP.test");
    assertThat(waits).containsExactly(Duration.ofMillis(50));
  }
}
