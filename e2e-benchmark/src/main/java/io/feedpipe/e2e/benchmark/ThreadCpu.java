package io.feedpipe.e2e.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * CPU time by thread, from Linux's {@code /proc/<pid>/task/<tid>/stat} (any process: every native
 * thread, named as the kernel keeps it, the first 15 characters) and, for this JVM, from {@link
 * ThreadMXBean} (Java threads by their whole name). Together they split a phase's CPU into kinds:
 * Java threads by a rule on their names, and the JVM's own threads, which no Java name covers — GC,
 * JIT compilers, RocksDB's background threads — by their kernel names.
 */
final class ThreadCpu {
  /** {@code getconf CLK_TCK} on Linux x86-64: the unit of {@code /proc}'s CPU times. */
  static final long CLOCK_TICKS_PER_SECOND = 100;

  private ThreadCpu() {}

  /**
   * CPU ticks of a process's threads, by {@code <pid>/<tid>/<name>}, the name as the kernel keeps it;
   * empty once the process has ended.
   */
  static Map<String, Long> ticks(long pid) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    try (var threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : threads.toList()) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields from 3 on
          ticks.put(pid + "/" + t.getFileName() + "/" + comm, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException gone) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      // the process ended; its threads count for nothing
    }
    return ticks;
  }

  /** This JVM's threads at one moment: Java threads' CPU by id and name, native threads' ticks, the process's CPU. */
  record Snapshot(Map<Long, String> javaNames, Map<Long, Long> javaNanos, Map<String, Long> nativeTicks,
      long processNanos) {}

  static Snapshot snapshot() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, String> names = new HashMap<>();
    Map<Long, Long> nanos = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      long cpu = mx.getThreadCpuTime(t.threadId());
      if (cpu >= 0) {
        names.put(t.threadId(), t.getName());
        nanos.put(t.threadId(), cpu);
      }
    }
    long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    return new Snapshot(names, nanos, ticks(ProcessHandle.current().pid()), process);
  }

  /**
   * CPU seconds between two snapshots by kind: each Java thread's by {@code javaKind} of its name;
   * the JVM's own threads as "GC", "JIT", "RocksDB" or "JVM other"; and "unattributed": the rest of
   * the process's CPU (threads that ended within the phase, native threads of no known kind).
   */
  static Map<String, Double> byKind(Snapshot before, Snapshot after, Function<String, String> javaKind) {
    Map<String, Double> seconds = new HashMap<>();
    double attributed = 0;
    Set<String> javaComms = new HashSet<>();
    for (Map.Entry<Long, Long> e : after.javaNanos().entrySet()) {
      String name = after.javaNames().get(e.getKey());
      javaComms.add(name.length() > 15 ? name.substring(0, 15) : name);
      double s = (e.getValue() - before.javaNanos().getOrDefault(e.getKey(), 0L)) / 1e9;
      seconds.merge(javaKind.apply(name), s, Double::sum);
      attributed += s;
    }
    for (Map.Entry<String, Long> e : after.nativeTicks().entrySet()) {
      String comm = e.getKey().substring(e.getKey().indexOf('/', e.getKey().indexOf('/') + 1) + 1);
      String kind = jvmKind(comm);
      if (kind == null || javaComms.contains(comm)) {
        continue;
      }
      double s = (e.getValue() - before.nativeTicks().getOrDefault(e.getKey(), 0L)) / (double) CLOCK_TICKS_PER_SECOND;
      seconds.merge(kind, s, Double::sum);
      attributed += s;
    }
    seconds.merge("unattributed", Math.max(0, (after.processNanos() - before.processNanos()) / 1e9 - attributed),
        Double::sum);
    return seconds;
  }

  /** The kind of one of the JVM's own threads by its kernel name, or null when it is none of them. */
  private static String jvmKind(String comm) {
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
      return "GC";
    }
    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
      return "JIT";
    }
    if (comm.startsWith("rocksdb:")) {
      return "RocksDB";
    }
    if (comm.startsWith("VM ") || comm.equals("Service Thread") || comm.startsWith("Monitor Deflati")) {
      return "JVM other";
    }
    return null;
  }
}
