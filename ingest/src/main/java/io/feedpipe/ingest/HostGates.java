package io.feedpipe.ingest;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

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

  private static final class Gate {
    final Semaphore inFlight;
    final ReentrantLock lock = new ReentrantLock();
    long nextStartNanos;

    Gate(int permits) {
      inFlight = new Semaphore(permits, true);
      nextStartNanos = System.nanoTime();
    }
  }

  private final int perHost;
  private final long gapNanos;
  private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();

  HostGates(int perHost, Duration minGap) {
    this.perHost = perHost;
    this.gapNanos = minGap.toNanos();
  }

  /** Waits for a turn at the host (interruptibly), then returns the permit to close when done. */
  Permit acquire(String host) throws InterruptedException {
    Gate gate = gates.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new Gate(perHost));
    gate.inFlight.acquire();
    try {
      long waitNanos;
      gate.lock.lock();
      try {
        long now = System.nanoTime();
        long start = Math.max(now, gate.nextStartNanos);
        gate.nextStartNanos = start + gapNanos;
        waitNanos = start - now;
      } finally {
        gate.lock.unlock();
      }
      if (waitNanos > 0) {
        Thread.sleep(Duration.ofNanos(waitNanos));
      }
    } catch (InterruptedException | RuntimeException e) {
      gate.inFlight.release();
      throw e;
    }
    return gate.inFlight::release;
  }
}
