package io.feedpipe.normalize.benchmarks;

import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.RawItem;
import io.feedpipe.model.Story;
import io.feedpipe.normalize.Normalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Stories per second on one thread: {@code normalize} on a story, and bare
 * {@code Jsoup.parse(html).text()} on the same body, in the same run. {@code seed} is the seed
 * story as HTML (about 5 KB); {@code 50k} is a 50 KB article body built from it (paragraphs
 * varied, with related links, "Also Read" lines, ads and a notice).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class NormalizeBenchmark {
  /** Which body: {@code seed} or {@code 50k}. */
  @Param({"seed", "50k"})
  public String body;

  private Normalizer normalizer;
  private RawItem item;
  private String html;

  @Setup
  public void setUp() {
    String seed = resource("/bench/seed.html");
    html = body.equals("50k") ? fiftyKilobytes(seed) : seed;
    normalizer = Normalizer.withDefaultRules();
    String link = "https://www.latestly.com/agency-news/world-news-sco-summit-2022-4223491.html?utm_source=rss";
    item = new RawItem(new FeedInfo("bench", URI.create("https://www.latestly.com/rss"), Optional.empty()), link,
        Optional.of(link), Optional.of(link), Optional.of("SCO Summit 2022: Russia Claims China’s Support"),
        Optional.empty(), Optional.of(html), List.of(), List.of(), Optional.of("en"), Optional.empty(), Optional.empty(),
        Instant.EPOCH, List.of());
  }

  @Benchmark
  public Story normalize() {
    return normalizer.normalize(item);
  }

  @Benchmark
  public String jsoupText() {
    return Jsoup.parse(html).text();
  }

  /** The input size in characters, for the report. */
  public int bodyChars() {
    return html.length();
  }

  static String fiftyKilobytes(String seed) {
    int start = seed.indexOf("<p>On Saturday");
    int end = seed.indexOf("<p>(This is an unedited");
    String middle = seed.substring(start, end);
    StringBuilder sb = new StringBuilder(seed.substring(0, start));
    for (int i = 1; sb.length() < 50 * 1024 - 600; i++) {
      // vary the words so that nothing can be cached by content
      sb.append(middle.replace("September", "September " + i).replace("week", "week " + i));
    }
    sb.append(seed.substring(end));
    return sb.toString();
  }

  static String resource(String name) {
    try (InputStream in = NormalizeBenchmark.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("benchmark resource " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
