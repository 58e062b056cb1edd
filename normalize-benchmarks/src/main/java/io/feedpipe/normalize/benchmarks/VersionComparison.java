package io.feedpipe.normalize.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.jsoup.Jsoup;

/**
 * Two versions of normalize and bare {@code Jsoup.parse(html).text()} in one JVM, in interleaved
 * slices of {@value #SLICE_NANOS} ns of thread CPU time, so that the machine's drifting load falls
 * on all three alike: prints each one's CPU time per body and the ratios (version B / version A,
 * each / Jsoup).
 *
 * <p>Args: {@code A B [rounds]}, where A and B are checkouts of this repository with
 * {@code model} and {@code normalize} compiled ({@code ./mvnw -pl normalize -am compile}); each is
 * loaded by its own class loader, with this module's {@link NormalizeCall} (child first). Bodies:
 * a benchmark-like RSS description (five 60-word paragraphs, as {@code e2e-benchmark} serves),
 * the same as content, the seed story as HTML, and a 50 KB body built from it.
 *
 * <p>First it compares the two versions' output (the whole {@code Story}) on a corpus read from
 * B's checkout — every case body of the normalize tests, the fuzz inputs, the seed, and the
 * descriptions and contents of the feedparser corpus in ingest's tests — each as content and as
 * a description, and prints how many differ (and the first few): a change meant only to be faster
 * should report none.
 */
public final class VersionComparison {
  static final long SLICE_NANOS = 10_000_000L;
  private static final String[] WORDS = {"the", "minister", "said", "on", "Tuesday", "that", "talks", "would",
      "continue", "in", "Geneva", "after", "agency", "reports", "of", "a", "deal", "between", "both", "sides",
      "officials", "budget", "council", "vote", "harbour", "strike", "union", "river", "flood", "season"};

  private VersionComparison() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: VersionComparison <checkout A> <checkout B> [rounds]");
    }
    Version versionA = load(Path.of(args[0]));
    Version versionB = load(Path.of(args[1]));
    compareOutputs(versionA, versionB, OutputCorpus.read(Path.of(args[1])));
    ToIntFunction<String> a = versionA.textLength();
    ToIntFunction<String> b = versionB.textLength();
    ToIntFunction<String> jsoup = html -> Jsoup.parse(html).text().length();
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
    }
    String seed = NormalizeBenchmark.resource("/bench/seed.html");
    String description = benchmarkLikeDescription(new Random(7));
    List<String[]> bodies = List.of(new String[] {"description", NormalizeCall.DESCRIPTION + description},
        new String[] {"content", description}, new String[] {"seed", seed},
        new String[] {"50 KB", NormalizeBenchmark.fiftyKilobytes(seed)});
    System.out.printf(Locale.ROOT, "%-12s %12s %12s %12s %8s %9s %9s%n", "body", "A us", "B us", "jsoup us", "B/A",
        "A/jsoup", "B/jsoup");
    List<ToIntFunction<String>> runs = List.of(a, b, jsoup);
    // every body warms up before any is timed: timed right after its own warm-up, the first body
    // ran while the JIT was still compiling what the others use too, and came out slower
    for (String[] body : bodies) {
      time(runs, inputs(body));
    }
    for (String[] body : bodies) {
      long[][] total = new long[2][3];
      for (int round = 0; round < rounds; round++) {
        long[][] t = time(runs, inputs(body));
        for (int k = 0; k < 3; k++) {
          total[0][k] += t[0][k];
          total[1][k] += t[1][k];
        }
      }
      double ta = total[0][0] / 1e3 / total[1][0];
      double tb = total[0][1] / 1e3 / total[1][1];
      double tj = total[0][2] / 1e3 / total[1][2];
      System.out.printf(Locale.ROOT, "%-12s %12.1f %12.1f %12.1f %8.2f %8.2fx %8.2fx%n", body[0], ta, tb, tj, tb / ta,
          ta / tj, tb / tj);
    }
    if (sink == 42) {
      System.out.println(); // keeps the results alive
    }
  }

  /** What A, B and Jsoup are given for a body: the body twice (with any description prefix), then the bare HTML. */
  private static List<String> inputs(String[] body) {
    String html = body[1].startsWith(NormalizeCall.DESCRIPTION) ? body[1].substring(NormalizeCall.DESCRIPTION.length()) : body[1];
    return List.of(body[1], body[1], html);
  }

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static long sink;

  /** One round: 30 slices of each run in turn; the CPU nanoseconds ({@code [0]}) and calls ({@code [1]}) of each. */
  private static long[][] time(List<ToIntFunction<String>> runs, List<String> inputs) {
    long[][] out = new long[2][runs.size()];
    for (int slice = 0; slice < 30; slice++) {
      for (int k = 0; k < runs.size(); k++) {
        long t0 = CPU.getCurrentThreadCpuTime();
        int n = 0;
        while (CPU.getCurrentThreadCpuTime() - t0 < SLICE_NANOS) {
          sink += runs.get(k).applyAsInt(inputs.get(k));
          n++;
        }
        out[0][k] += CPU.getCurrentThreadCpuTime() - t0;
        out[1][k] += n;
      }
    }
    return out;
  }

  private static void compareOutputs(Version a, Version b, List<String> bodies) {
    Function<String, String> storyA = a.story();
    Function<String, String> storyB = b.story();
    int differ = 0;
    for (String body : bodies) {
      for (String input : List.of(body, NormalizeCall.DESCRIPTION + body)) {
        String x = storyA.apply(input);
        String y = storyB.apply(input);
        if (!x.equals(y)) {
          if (++differ <= 3) {
            System.out.printf(Locale.ROOT, "output differs for %.80s%n  A: %.400s%n  B: %.400s%n", input.replace('\n', ' '), x, y);
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "output: %d of %d items differ between A and B%n%n", differ, bodies.size() * 2);
  }

  /** Five paragraphs of 60 words, as the end-to-end benchmark's feed server writes descriptions. */
  static String benchmarkLikeDescription(Random random) {
    StringBuilder sb = new StringBuilder();
    for (int p = 0; p < 5; p++) {
      StringBuilder words = new StringBuilder();
      for (int w = 0; w < 60; w++) {
        words.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
      }
      sb.append("<p>").append(Character.toUpperCase(words.charAt(0))).append(words, 1, words.length()).append(".</p>");
    }
    return sb.toString();
  }

  /** One checkout's {@link NormalizeCall}, seen through the JDK interfaces both class loaders share. */
  private record Version(ToIntFunction<String> textLength, Function<String, String> story) {}

  @SuppressWarnings("unchecked") // NormalizeCall implements both; its class is the child loader's, so only they can be named
  private static Version load(Path checkout) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String module : List.of("model", "normalize")) {
      Path classes = checkout.resolve(module).resolve("target/classes");
      if (!Files.isDirectory(classes)) {
        throw new IllegalArgumentException(classes + " is missing: compile that checkout first (./mvnw -pl normalize -am compile)");
      }
      urls.add(classes.toUri().toURL());
    }
    urls.add(VersionComparison.class.getProtectionDomain().getCodeSource().getLocation());
    ClassLoader loader = new ChildFirst(urls.toArray(URL[]::new), VersionComparison.class.getClassLoader());
    Object call = loader.loadClass(NormalizeCall.class.getName()).getConstructor().newInstance();
    return new Version((ToIntFunction<String>) call, (Function<String, String>) call);
  }

  /**
   * Loads feedpipe's classes and resources (the default rules) from its own URLs first, everything
   * else (Jsoup, Jackson, the JDK) from the parent.
   */
  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL[] urls, ClassLoader parent) throws MalformedURLException {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("io.feedpipe.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }

    @Override
    public URL getResource(String name) {
      URL own = name.startsWith("io/feedpipe/") ? findResource(name) : null;
      return own != null ? own : super.getResource(name);
    }
  }
}
