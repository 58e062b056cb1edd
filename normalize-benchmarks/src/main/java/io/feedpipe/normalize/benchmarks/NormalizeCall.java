package io.feedpipe.normalize.benchmarks;

import io.feedpipe.model.FeedInfo;
import io.feedpipe.model.RawItem;
import io.feedpipe.normalize.Normalizer;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * One version's normalize behind a JDK interface, so that {@link VersionComparison} can load it
 * once per version, each in its own class loader: the body as the item's content, or (prefixed
 * {@value #DESCRIPTION}) as its description only. As a function it gives the whole story as text,
 * for comparing two versions' output.
 */
public final class NormalizeCall implements ToIntFunction<String>, Function<String, String> {
  /** A body starting with this is passed as the item's description (RSS {@code <description>}) only. */
  public static final String DESCRIPTION = "description:";

  private final Normalizer normalizer = Normalizer.withDefaultRules();

  @Override
  public int applyAsInt(String body) {
    return normalize(body).text().length();
  }

  @Override
  public String apply(String body) {
    return normalize(body).toString();
  }

  private io.feedpipe.model.Story normalize(String body) {
    boolean description = body.startsWith(DESCRIPTION);
    String html = description ? body.substring(DESCRIPTION.length()) : body;
    String link = "https://www.latestly.com/agency-news/world-news-sco-summit-2022-4223491.html?utm_source=rss";
    RawItem item = new RawItem(new FeedInfo("bench", URI.create("https://www.latestly.com/rss"), Optional.empty()), link,
        Optional.of(link), Optional.of(link), Optional.of("SCO Summit 2022: Russia Claims China’s Support"),
        description ? Optional.of(html) : Optional.empty(), description ? Optional.empty() : Optional.of(html),
        List.of(), List.of(), Optional.of("en"), Optional.empty(), Optional.empty(), Instant.EPOCH, List.of());
    return normalizer.normalize(item);
  }
}
