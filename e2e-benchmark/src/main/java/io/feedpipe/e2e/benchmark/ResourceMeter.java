package io.feedpipe.e2e.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process CPU time, JIT compilation time and peak heap over one phase of the benchmark.
 *
 * <p>CPU is the whole JVM's ({@link com.sun.management.OperatingSystemMXBean#getProcessCpuTime()},
 * falling back to {@link ProcessHandle}): broker, feed server, consumer and service alike. Peak heap
 * is the largest {@code used} seen by a sampler thread every {@link #SAMPLE_EVERY}, which misses
 * spikes shorter than that but never adds up pool peaks taken at different moments. JIT time is
 * {@link java.lang.management.CompilationMXBean#getTotalCompilationTime()} (all compiler threads,
 * part of the CPU time): while it is a large share, the phase ran before the code had settled. Owns one
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
  private long jitStartMillis;
  private Thread sampler = new Thread(() -> {});

  /** What one phase cost. */
  record Usage(double cpuSeconds, double jitSeconds, long peakHeapBytes) {
    double peakHeapMb() {
      return peakHeapBytes / (1024.0 * 1024.0);
    }
  }

  void start() {
    cpuStartNanos = processCpuNanos();
    jitStartMillis = jitMillis();
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
    long jit = jitMillis() - jitStartMillis;
    running = false;
    sampler.join();
    return new Usage(cpuNanos / 1e9, jit / 1e3, peakHeapBytes.get());
  }

  /** Milliseconds the JIT compilers have spent so far, or 0 where the JVM does not say. */
  static long jitMillis() {
    var jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
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
