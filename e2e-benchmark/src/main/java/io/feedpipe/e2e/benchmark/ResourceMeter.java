package io.feedpipe.e2e.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process CPU time and peak heap over one phase of the benchmark.
 *
 * <p>CPU is the whole JVM's ({@link com.sun.management.OperatingSystemMXBean#getProcessCpuTime()},
 * falling back to {@link ProcessHandle}): broker, feed server, consumer and service alike. Peak heap
 * is the largest {@code used} seen by a sampler thread every {@link #SAMPLE_EVERY}, which misses
 * spikes shorter than that but never adds up pool peaks taken at different moments. Owns one
 * daemon thread from {@link #start()} until {@link #stop()}.
 */
final class ResourceMeter {
  /** How often the heap is sampled. */
  static final Duration SAMPLE_EVERY = Duration.ofMillis(10);

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peakHeapBytes = new AtomicLong();
  private volatile boolean running;
  private long cpuStartNanos;
  private long cpuNanos;
  private Thread sampler = new Thread(() -> {});

  /** What one phase cost. */
  record Usage(double cpuSeconds, long peakHeapBytes) {
    double peakHeapMb() {
      return peakHeapBytes / (1024.0 * 1024.0);
    }
  }

  void start() {
    cpuStartNanos = processCpuNanos();
    peakHeapBytes.set(memory.getHeapMemoryUsage().getUsed());
    running = true;
    sampler = Thread.ofPlatform().daemon().name("bench-heap-sampler").start(() -> {
      while (running) {
        peakHeapBytes.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(SAMPLE_EVERY);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  Usage stop() throws InterruptedException {
    cpuNanos = processCpuNanos() - cpuStartNanos;
    running = false;
    sampler.join();
    return new Usage(cpuNanos / 1e9, peakHeapBytes.get());
  }

  /** Heap in use after a full collection requested now: the phase's baseline. */
  static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      long nanos = os.getProcessCpuTime();
      if (nanos >= 0) {
        return nanos;
      }
    }
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos)
        .orElseThrow(() -> new IllegalStateException("this JVM reports no process CPU time"));
  }
}
