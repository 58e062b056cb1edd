package io.feedpipe.normalize.benchmarks;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the benchmarks with JMH's own command-line options and prints, per body, normalize's
 * stories/s, bare Jsoup's, and how many times slower normalize is (the goal is under 3).
 */
public final class BenchmarkReport {
  private BenchmarkReport() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
    Map<String, double[]> byBody = new TreeMap<>();
    for (RunResult r : results) {
      String body = r.getParams().getParam("body");
      String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
      double score = r.getPrimaryResult().getScore();
      double[] pair = byBody.computeIfAbsent(body, b -> new double[2]);
      pair[method.equals("normalize") ? 0 : 1] = score;
    }
    System.out.println();
    System.out.printf("%-6s %16s %16s %12s%n", "body", "normalize ops/s", "jsoup ops/s", "ratio");
    byBody.forEach((body, s) -> System.out.printf("%-6s %16.1f %16.1f %11.2fx%n", body, s[0], s[1], s[0] == 0 ? Double.NaN : s[1] / s[0]));
  }
}
