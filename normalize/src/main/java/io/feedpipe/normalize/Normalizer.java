package io.feedpipe.normalize;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.RawItem;
import io.feedpipe.model.Repair;
import io.feedpipe.model.Story;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@link RawItem} into a clean {@link Story}: boilerplate stripped, provenance flagged,
 * every removal recorded with the rule that made it. Immutable and thread-safe; build one and
 * share it.
 *
 * <p>Bounds: bodies longer than {@value #MAX_BODY_CHARS} characters are cut at that length before
 * reading (ingest already bounds a whole feed body; this keeps one item's cost bounded too); the
 * story's {@code quality.repairs} then says so ({@code truncated}, with the original length).
 *
 * <p>Links inside the body are resolved against the item's {@code contentBase} (an {@code
 * xml:base}, or the feed's link or URL for an item without a link of its own), else its link.
 */
public final class Normalizer {
  /** Longest body, in characters, that is read; the rest is ignored. */
  public static final int MAX_BODY_CHARS = 2_000_000;

  private final NormalizeRules rules;
  private final CompiledRules compiled;
  private final Pipeline pipeline;

  private Normalizer(NormalizeRules rules) {
    this(rules, rules.compiled());
  }

  /** A normalizer applying {@code rules} as {@code compiled} (which tests may compile otherwise). */
  Normalizer(NormalizeRules rules, CompiledRules compiled) {
    this.rules = rules;
    this.compiled = compiled;
    this.pipeline = new Pipeline(compiled);
  }

  /** A normalizer with the rules shipped in the jar ({@link NormalizeRules#defaults()}). */
  public static Normalizer withDefaultRules() {
    return new Normalizer(NormalizeRules.defaults());
  }

  /** A normalizer with the given rules, for example {@code defaults().extendedWith(userRules)}. */
  public static Normalizer withRules(NormalizeRules rules) {
    return new Normalizer(requireNonNull(rules, "rules"));
  }

  /** The rules this normalizer applies. */
  public NormalizeRules rules() {
    return rules;
  }

  /**
   * Normalizes one item. Pure and total: never throws, no I/O, no clock, no logging. The body is
   * {@code contentHtml}, else {@code summaryHtml}; HTML or plain text with one paragraph per line.
   */
  public Story normalize(RawItem item) {
    return normalize(item, HeadlineDictionary.empty());
  }

  /**
   * Normalizes the items one poll of one feed brought, in their order, each knowing the titles of
   * the others ({@link HeadlineDictionary#ofTitlesOf}) — what the service and the Kafka Connect task
   * do with every poll. Pure and total as {@link #normalize(RawItem)}.
   */
  public List<Story> normalizePoll(List<RawItem> items) {
    requireNonNull(items, "items");
    HeadlineDictionary headlines = HeadlineDictionary.ofTitlesOf(items);
    return items.stream().map(item -> normalize(item, headlines)).toList();
  }

  /**
   * Normalizes one item knowing the headlines of the feed's other stories (the titles of the same
   * poll, of recent stories): an unlinked Title-Case line closing a paragraph is cut as a related
   * headline only when it is one of them. Pure and total as {@link #normalize(RawItem)}.
   */
  public Story normalize(RawItem item, HeadlineDictionary headlines) {
    requireNonNull(item, "item");
    requireNonNull(headlines, "headlines");
    try {
      return normalizeOrThrow(item, headlines);
    } catch (RuntimeException | StackOverflowError e) {
      // totality: a defect in a stage must not cost the story; it is published bare, the defect named in removed[]
      return degraded(item, e);
    }
  }

  private Story degraded(RawItem item, Throwable e) {
    String raw = item.contentHtml().filter(s -> !s.isBlank()).or(item::summaryHtml).orElse("");
    String text;
    try {
      text = TextCleaner.collapse(org.jsoup.Jsoup.parse(raw.length() > MAX_BODY_CHARS ? raw.substring(0, MAX_BODY_CHARS) : raw).text());
    } catch (RuntimeException | StackOverflowError again) {
      text = "";
    }
    String html = text.isEmpty() ? "" : "<p>" + org.jsoup.nodes.Entities.escape(text) + "</p>";
    String id = StoryId.of(item.feed().id(), item.identity());
    String storyKey = StoryKey.of(item.link().flatMap(CanonicalUrl::parse), compiled.tracking(), id);
    return new Story(id, storyKey, item.guid(), Optional.empty(), item.feed(),
        item.title().map(TextCleaner::collapse).orElse(""), Optional.empty(), List.of(), List.of(), item.language(),
        item.publishedAt(), item.updatedAt(), item.fetchedAt(), text, html, Optional.empty(),
        io.feedpipe.model.Provenance.none(),
        List.of(new io.feedpipe.model.Removal("error", "normalizer", String.valueOf(e))), Words.count(text), SimHash.of(text),
        item.quality().withRepairs(truncation(item, raw)));
  }

  private Story normalizeOrThrow(RawItem item, HeadlineDictionary headlines) {
    String title = item.title().map(TextCleaner::plainLine).orElse("");
    Optional<URI> link = item.link().flatMap(CanonicalUrl::parse);
    Optional<String> url = link.map(u -> CanonicalUrl.of(u, compiled.tracking()));
    Optional<URI> base = item.contentBase().or(() -> link);
    Optional<String> content = item.contentHtml().filter(s -> !s.isBlank());
    String rawBody = content.or(item::summaryHtml).orElse("");
    List<Repair> truncation = truncation(item, rawBody);
    boolean truncated = !truncation.isEmpty();
    if (truncated) {
      rawBody = rawBody.substring(0, MAX_BODY_CHARS);
    }
    // most RSS items carry only a description: it is then the body and the summary, read once
    boolean bodyIsSummary = content.isEmpty() && item.summaryHtml().isPresent() && !truncated;

    Body body = new BodyReader(compiled.elements(), base).read(rawBody);
    // blocks found to be no furniture for the summary need no second look in the body
    Furniture.Memo furniture = new Furniture.Memo();
    Optional<String> summary = item.summaryHtml()
        .map(s -> bodyIsSummary ? furnitureFreeText(body.blocks(), furniture) : summaryText(s, base))
        .filter(s -> !s.isEmpty());
    Pipeline.Result result = pipeline.run(body, new CallContext(compiled, title, link, furniture, headlines));

    String text = joinText(body.blocks());
    String html = StoryHtml.of(body.blocks());

    long[] words = Words.hashes(text);
    String id = StoryId.of(item.feed().id(), item.identity());
    return new Story(
        id,
        StoryKey.of(link, compiled.tracking(), id),
        item.guid().map(String::strip).filter(s -> !s.isEmpty()),
        url,
        item.feed(),
        title,
        summary,
        cleanList(item.authors()),
        cleanList(item.categories()),
        item.language().map(String::strip).filter(s -> !s.isEmpty()),
        item.publishedAt(),
        item.updatedAt(),
        item.fetchedAt(),
        text,
        html,
        result.dateline(),
        result.provenance(),
        body.removals(),
        words.length, // Words.count(text): the same word scan
        SimHash.of(words),
        item.quality().withRepairs(truncation));
  }

  /** A {@code truncated} repair when the body is longer than {@link #MAX_BODY_CHARS}; else none. */
  private static List<Repair> truncation(RawItem item, String rawBody) {
    if (rawBody.length() <= MAX_BODY_CHARS) {
      return List.of();
    }
    String where = item.contentHtml().filter(s -> !s.isBlank()).isPresent() ? "content" : "summary";
    return List.of(new Repair("truncated", where, "body of " + rawBody.length() + " characters cut to the first "
        + MAX_BODY_CHARS + " (normalize's bound on one item)", Optional.of((long) rawBody.length())));
  }

  private String summaryText(String summaryHtml, Optional<URI> base) {
    return furnitureFreeText(new BodyReader(compiled.elements(), base).read(summaryHtml).blocks(), new Furniture.Memo());
  }

  /**
   * The summary: the blocks read from its HTML (copied: they are not cut), whole-paragraph
   * furniture dropped; what the furniture stage finds out goes to {@code memo}.
   */
  private String furnitureFreeText(List<Block> read, Furniture.Memo memo) {
    Body body = new Body(read, List.of());
    compiled.furniture().remove(body, memo);
    return joinText(body.blocks());
  }

  static String joinText(List<Block> blocks) {
    int length = 0;
    for (Block b : blocks) {
      length += b.text().length() + 2;
    }
    StringBuilder sb = new StringBuilder(length);
    for (Block b : blocks) {
      if (!sb.isEmpty()) {
        sb.append("\n\n");
      }
      sb.append(b.text());
    }
    return sb.toString();
  }

  private static List<String> cleanList(List<String> raw) {
    List<String> out = new ArrayList<>();
    for (String s : raw) {
      String c = TextCleaner.plainLine(s);
      if (!c.isEmpty() && !out.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }
}
