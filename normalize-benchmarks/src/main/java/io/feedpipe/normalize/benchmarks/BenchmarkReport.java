package io.feedpipe.normalize.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks with JMH's own command-line options and prints, per body, normalize's
 * stories/s, bare Jsoup's, and how many times slower normalize is (the goal is under 3).
 *
 * <p>The machine's load drifts, so the two are measured back to back in rounds (Jsoup, then
 * normalize, per body, {@code --rounds N} times, default 3), each round gives a ratio, and the
 * median ratio is the figure. Other arguments are JMH's ({@code -f 1 -wi 4 -w 4s -i 3 -r 2s}).
 *
 * <p>Give the warm-up at least {@value #MIN_WARMUP_SECONDS} seconds (the report warns otherwise): on two cores normalize's throughput keeps rising for
 * about ten seconds of a fresh fork (JIT compilation of its many methods and patterns queues
 * behind one compiler thread), Jsoup's for about six, so that a short warm-up measures normalize
 * half-compiled: after {@code -wi 2 -w 2s} it ran at about 0.7 of its warmed-up throughput.
 */
public final class BenchmarkReport {
  /** Below this much warm-up per fork the report warns that its ratios are warm-up figures. */
  static final long MIN_WARMUP_SECONDS = 15;

  private BenchmarkReport() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    int rounds = 3;
    List<String> jmhArgs = new ArrayList<>(Arrays.asList(args));
    int at = jmhArgs.indexOf("--rounds");
    if (at >= 0) {
      rounds = Integer.parseInt(jmhArgs.get(at + 1));
      jmhArgs.subList(at, at + 2).clear();
    }
    Options common = new CommandLineOptions(jmhArgs.toArray(String[]::new));
    long warmup = common.getWarmupIterations().orElse(Defaults.WARMUP_ITERATIONS)
        * common.getWarmupTime().orElse(Defaults.WARMUP_TIME).convertTo(TimeUnit.SECONDS);
    String warning = warmup >= MIN_WARMUP_SECONDS ? ""
        : String.format("warning: %d s of warm-up per fork, under %d s: normalize is measured before the JIT has compiled it,"
            + " and the ratios come out too high%n", warmup, MIN_WARMUP_SECONDS);
    System.out.print(warning);
    List<String> lines = new ArrayList<>();
    for (String body : List.of("seed", "50k")) {
      double[] ratios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        double jsoup = score(common, "jsoupText", body);
        double normalize = score(common, "normalize", body);
        ratios[round] = jsoup / normalize;
        lines.add(String.format("%-6s %5d %16.1f %16.1f %11.2fx", body, round + 1, normalize, jsoup, ratios[round]));
      }
      Arrays.sort(ratios);
      lines.add(String.format("%-6s median ratio %.2fx (goal < 3x)", body, ratios[rounds / 2]));
    }
    System.out.println();
    System.out.printf("%-6s %5s %16s %16s %12s%n", "body", "round", "normalize ops/s", "jsoup ops/s", "ratio");
    lines.forEach(System.out::println);
    System.out.print(warning);
  }

  private static double score(Options common, String method, String body) throws RunnerException {
    Options options = new OptionsBuilder().parent(common)
        .include(NormalizeBenchmark.class.getName() + "\\." + method + "$")
        .param("body", body)
        .build();
    return new Runner(options).runSingle().getPrimaryResult().getScore();
  }
}
