package io.feedpipe.ingest;

import io.feedpipe.ingest.benchmarks.FeedServer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code FeedParser.parse} on {@link FeedServer}'s feed with 200 items (as served, and with an
 * HTML entity in every title, which takes the repairing path), this build against a
 * baseline build of ingest in the same run: the baseline's jars (ingest and model, built from
 * another commit) are loaded in a class loader of their own, and rounds alternate baseline and
 * current so that both see the same machine. Each round times {@value #PARSES_PER_ROUND} parses;
 * after {@value #WARM_UP_ROUNDS} warm-up rounds each, {@value #ROUNDS} rounds each are timed and
 * the medians per parse printed with their ratio. Without jars, only this build is timed. Lives in
 * ingest's package to reach the package-private parser; not a test: run it by hand (see the module
 * README).
 *
 * <p>Usage: {@code ParseBenchmark [baseline-ingest.jar baseline-model.jar]}
 */
public final class ParseBenchmark {
  static final int PARSES_PER_ROUND = 40;
  static final int WARM_UP_ROUNDS = 30;
  static final int ROUNDS = 51;
  private static final Optional<String> CONTENT_TYPE = Optional.of("application/rss+xml; charset=utf-8");

  private ParseBenchmark() {}

  /** One build's {@code new FeedParser().parse(body, contentType)}. */
  private record Parser(String name, Constructor<?> constructor, Method parse) {
    static Parser of(String name, ClassLoader loader) throws ReflectiveOperationException {
      Class<?> type = Class.forName("io.feedpipe.ingest.FeedParser", true, loader);
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      Method parse = type.getDeclaredMethod("parse", byte[].class, Optional.class);
      parse.setAccessible(true);
      return new Parser(name, constructor, parse);
    }

    Object parse(byte[] body) throws ReflectiveOperationException {
      return parse.invoke(constructor.newInstance(), body, CONTENT_TYPE);
    }
  }

  public static void main(String[] args) throws Exception {
    String clean = FeedServer.feed("0", 200);
    // the same feed as many real ones write it: an HTML entity XML does not define in every title
    String repaired = clean.replace(" &amp; more</title>", "&nbsp;&amp; more</title>");
    List<Parser> parsers = new ArrayList<>();
    if (args.length > 0) {
      URL[] jars = Arrays.stream(args).map(a -> {
        try {
          return Path.of(a).toUri().toURL();
        } catch (java.net.MalformedURLException e) {
          throw new IllegalArgumentException(a, e);
        }
      }).toArray(URL[]::new);
      parsers.add(Parser.of("baseline", new ChildFirst(jars, ParseBenchmark.class.getClassLoader())));
    }
    parsers.add(Parser.of("current", ParseBenchmark.class.getClassLoader()));
    System.out.printf(Locale.ROOT, "JVM %s, %d cores; %d parses a round%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors(), PARSES_PER_ROUND);
    time("200 items, well-formed", clean.getBytes(StandardCharsets.UTF_8), parsers);
    time("200 items, &nbsp; in every title (repaired)", repaired.getBytes(StandardCharsets.UTF_8), parsers);
  }

  private static void time(String what, byte[] feed, List<Parser> parsers) throws ReflectiveOperationException {
    for (Parser p : parsers) {
      Object outcome = p.parse(feed);
      if (!outcome.getClass().getSimpleName().equals("Parsed")) {
        throw new IllegalStateException(p.name() + " did not read the benchmark feed: " + outcome);
      }
    }
    System.out.printf(Locale.ROOT, "%n%s (%d bytes)%n", what, feed.length);
    long[][] nanos = new long[parsers.size()][ROUNDS];
    for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
      for (int k = 0; k < parsers.size(); k++) {
        int which = (round & 1) == 0 ? k : parsers.size() - 1 - k; // alternate who goes first
        long t0 = System.nanoTime();
        for (int i = 0; i < PARSES_PER_ROUND; i++) {
          parsers.get(which).parse(feed);
        }
        if (round >= 0) {
          nanos[which][round] = (System.nanoTime() - t0) / PARSES_PER_ROUND;
        }
      }
    }
    double[] medians = new double[parsers.size()];
    for (int k = 0; k < parsers.size(); k++) {
      long[] sorted = nanos[k].clone();
      Arrays.sort(sorted);
      medians[k] = sorted[ROUNDS / 2] / 1e6;
      System.out.printf(Locale.ROOT, "%-9s median %.3f ms per parse (min %.3f, max %.3f) over %d rounds%n",
          parsers.get(k).name(), medians[k], sorted[0] / 1e6, sorted[ROUNDS - 1] / 1e6, ROUNDS);
    }
    if (parsers.size() == 2) {
      System.out.printf(Locale.ROOT, "current / baseline = %.3f%n", medians[1] / medians[0]);
    }
  }

  /** Loads feedpipe's classes from its own jars first, everything else (Rome, JDOM, Jackson) from the parent. */
  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("io.feedpipe.") || name.startsWith("io.feedpipe.ingest.benchmarks.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException e) {
            return super.loadClass(name, resolve);
          }
        }
        return c;
      }
    }
  }
}
