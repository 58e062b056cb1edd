package io.feedpipe.ingest;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Per-host politeness: at most {@code fetch.perHostConcurrency} requests in flight to one host and
 * at least {@code fetch.perHostMinGap} between the starts of two requests to it. Waiting for one
 * host never blocks requests to another. Thread-safe; one gate per host name seen (bounded by the
 * number of feed hosts).
 */
final class HostGates {

  /** A held permit; closing it releases the host for the next request. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** How a caller waits for its turn: {@link Thread#sleep(Duration)} outside tests. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private static final class Gate {
    final Semaphore inFlight;
    final ReentrantLock lock = new ReentrantLock();
    long nextStartNanos;

    Gate(int permits, long now) {
      inFlight = new Semaphore(permits, true);
      nextStartNanos = now;
    }
  }

  private final int perHost;
  private final long gapNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();

  HostGates(int perHost, Duration minGap) {
    this(perHost, minGap, System::nanoTime, Thread::sleep);
  }

  HostGates(int perHost, Duration minGap, LongSupplier nanoTime, Sleeper sleeper) {
    this.perHost = perHost;
    this.gapNanos = minGap.toNanos();
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** Waits for a turn at the host (interruptibly), then returns the permit to close when done. */
  Permit acquire(String host) throws InterruptedException {
    Gate gate = gates.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new Gate(perHost, nanoTime.getAsLong()));
    gate.inFlight.acquire();
    try {
      long waitNanos;
      gate.lock.lock();
      try {
        long now = nanoTime.getAsLong();
        long start = Math.max(now, gate.nextStartNanos);
        gate.nextStartNanos = start + gapNanos;
        waitNanos = start - now;
      } finally {
        gate.lock.unlock();
      }
      if (waitNanos > 0) {
        sleeper.sleep(Duration.ofNanos(waitNanos));
      }
    } catch (InterruptedException | RuntimeException e) {
      gate.inFlight.release();
      throw e;
    }
    return gate.inFlight::release;
  }
}
