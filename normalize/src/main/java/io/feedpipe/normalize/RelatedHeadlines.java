package io.feedpipe.normalize;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stage: related-story headlines, in their three forms — after a marker ("Also Read |"), as a
 * linked headline standing as its own sentence, and as an unlinked Title-Case headline run into the
 * end of a paragraph when it is the headline of another story of the feed ({@link
 * HeadlineDictionary}): each cut has evidence — a marker, a link or a known headline. Immutable;
 * its memo lives in the call's {@link Memo}.
 */
final class RelatedHeadlines {
  private static final Pattern LINK_SEPARATOR = Pattern.compile("^[\\s|•·,;/–—-]*$");
  /** The term whose words Title Case leaves lower-case, for a rule that names none. */
  static final String SMALL_WORDS_TERM = "small-words";

  private final List<Marker> markers;
  /** What each marker's matches start with: a marker is tried only where that starts. */
  private final Keywords markerStarts;
  private final List<Link> links;
  private final List<Headline> headlines;

  RelatedHeadlines(List<Marker> markers, List<Link> links, List<Headline> headlines, PatternLiterals.Source literalsOf) {
    this.markers = List.copyOf(markers);
    this.markerStarts = Keywords.of(this.markers.stream().map(m -> literalsOf.of(m.marker()).starts().orElse(null)).toList());
    this.links = List.copyOf(links);
    this.headlines = List.copyOf(headlines);
  }

  List<Marker> markers() {
    return markers;
  }

  /**
   * A marker ("Also Read |", "READ MORE:", "Also see") at the start of a block or after a
   * sentence, followed by links or a headline: marker and headline go. A headline without a link
   * is one sentence of {@code minHeadlineWords} to {@code maxHeadlineWords} words, and in Title
   * Case of at least {@code minTitleCaseWords} words unless the marker carries a separator.
   */
  record Marker(String id, String kind, Pattern marker, int minHeadlineWords, int maxHeadlineWords,
      int minTitleCaseWords, Set<String> smallWords) {

    static Marker of(RuleSpec s, Map<String, List<String>> terms) {
      int min = s.integer("minHeadlineWords", 2, 1, 200);
      int max = s.integer("maxHeadlineWords", 30, 3, 200);
      if (min > max) {
        throw s.problem("field 'minHeadlineWords' (" + min + ") must not exceed 'maxHeadlineWords' (" + max + ")");
      }
      return new Marker(s.id(), s.kind(), s.pattern("marker", terms, RuleSpec.IGNORE_CASE), min, max,
          s.integer("minTitleCaseWords", 3, 1, 200), smallWordsOf(s, terms));
    }
  }

  /**
   * A link standing as its own sentence whose text reads as a headline (Title Case, at least
   * {@code minWords} words), pointing to the item's own site when {@code sameSite}.
   */
  record Link(String id, String kind, int minWords, boolean sameSite, Set<String> smallWords) {
    static Link of(RuleSpec s, Map<String, List<String>> terms) {
      return new Link(s.id(), s.kind(), s.integer("minWords", 5, 2, 100), s.bool("sameSite", true), smallWordsOf(s, terms));
    }
  }

  /**
   * An unlinked Title-Case headline run into the end of a paragraph after at least one sentence
   * of prose, as LatestLY's plain text carries them — cut only when the caller's {@link
   * HeadlineDictionary} holds it (a product name or a data line in Title Case stays).
   */
  record Headline(String id, String kind, int minWords, Set<String> smallWords) {
    static Headline of(RuleSpec s, Map<String, List<String>> terms) {
      return new Headline(s.id(), s.kind(), s.integer("minWords", 6, 2, 100), smallWordsOf(s, terms));
    }
  }

  /**
   * The rule's {@code smallWords} (a "{term}" entry standing for the term's words), lower-cased;
   * without the field, the words of the term {@value #SMALL_WORDS_TERM} (none when it is not defined).
   */
  private static Set<String> smallWordsOf(RuleSpec s, Map<String, List<String>> terms) {
    List<String> words = s.has("smallWords") ? s.words("smallWords", terms) : terms.getOrDefault(SMALL_WORDS_TERM, List.of());
    Set<String> out = new HashSet<>();
    for (String w : words) {
      out.add(w.toLowerCase(Locale.ROOT));
    }
    return Set.copyOf(out);
  }

  /**
   * The blocks found to hold no related headline (blocks are immutable, so once is enough), and
   * whether each href seen points to the item's own site (a link is parsed once, however often it
   * is looked at).
   */
  static final class Memo {
    private final Set<Block> clean = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Boolean> sameSite = new HashMap<>();
  }

  void remove(Body body, CallContext call) {
    Memo memo = call.related;
    int i = 0;
    while (i < body.size()) {
      if (memo.clean.contains(body.get(i))) {
        i++;
        continue;
      }
      int id = body.get(i).index();
      removeMarkers(body, i, id, call);
      if (stillAt(body, i, id)) {
        removeLinks(body, i, id, call);
      }
      if (stillAt(body, i, id)) {
        removeHeadlines(body, i, id, call);
      }
      if (stillAt(body, i, id)) {
        memo.clean.add(body.get(i));
        i++;
      }
    }
  }

  private static boolean stillAt(Body body, int i, int id) {
    return i < body.size() && body.get(i).index() == id;
  }

  private void removeMarkers(Body body, int i, int id, CallContext call) {
    for (int r = 0; r < markers.size(); r++) {
      Marker rule = markers.get(r);
      boolean cut = true;
      for (int guard = 0; cut && guard < 20 && stillAt(body, i, id); guard++) {
        cut = false;
        Block b = body.get(i);
        String text = b.text();
        Matcher m = null; // made at the first place a marker's literal opens: most blocks have none
        for (int start : markerPlaces(text, call)) {
          if (!markerStarts.startsAt(r, text, start)) {
            continue;
          }
          if (m == null) {
            m = rule.marker().matcher(text);
          }
          boolean inBrackets = start > 0 && text.charAt(start - 1) == '(';
          int limit = inBrackets ? text.indexOf(')', start) : text.length();
          if (limit < 0 || !m.region(start, limit).lookingAt()) {
            continue;
          }
          int end = headlineAfterMarker(rule, b, m, limit);
          if (end < 0) {
            continue;
          }
          int from = m.start();
          if (inBrackets) {
            // "… rates (Also Read: Headline)." goes with its brackets and the space before them
            from = start - 1;
            while (from > 0 && text.charAt(from - 1) == ' ') {
              from--;
            }
            end = limit + 1;
          }
          int indexBefore = b.index();
          // brackets closing before punctuation leave no space before it ("… on Monday. State-run …")
          boolean beforePunctuation = inBrackets && end < text.length() && ".,;:!?".indexOf(text.charAt(end)) >= 0;
          body.cut(i, from, end, beforePunctuation ? "" : " ", rule.kind(), rule.id());
          if (!inBrackets && end >= text.length() && m.end() >= text.strip().length()) {
            // a marker alone: the links listed in the blocks below it go too
            removeLinkOnlyBlocksAfter(body, indexBefore, rule);
          }
          cut = true;
          break;
        }
      }
    }
  }

  /**
   * Where a marker may open: a block's start or a sentence's, right after a full stop with a capital
   * ("… in the state.Also Read | …", as text flattened from HTML has it), and right after an
   * opening bracket ("(Also Read: …)"). Sentence starts first.
   */
  private static int[] markerPlaces(String text, CallContext call) {
    List<Sentences.Range> sentences = call.sentencesOf(text);
    int[] places = new int[sentences.size() + 8];
    int n = 0;
    for (Sentences.Range sentence : sentences) {
      places[n++] = sentence.start();
    }
    for (int k = text.indexOf('('); k >= 0 && k + 1 < text.length(); k = text.indexOf('(', k + 1)) {
      places = add(places, n++, k + 1);
    }
    for (int k = text.indexOf('.'); k >= 0 && k + 1 < text.length(); k = text.indexOf('.', k + 1)) {
      if (Character.isUpperCase(text.charAt(k + 1))) {
        places = add(places, n++, k + 1);
      }
    }
    return java.util.Arrays.copyOf(places, n);
  }

  private static int[] add(int[] places, int n, int place) {
    int[] out = n < places.length ? places : java.util.Arrays.copyOf(places, places.length * 2);
    out[n] = place;
    return out;
  }

  /**
   * Where the related headline after a marker ends (at most {@code limit}), or -1 when what follows
   * is no headline. A headline also ends at a stop followed right away by a capital ("Also Read |
   * Headline.Next sentence").
   */
  private static int headlineAfterMarker(Marker rule, Block b, Matcher m, int limit) {
    String text = b.text();
    int after = m.end();
    if (text.substring(after, limit).isBlank()) {
      return limit;
    }
    int end = -1;
    for (Block.LinkRange link : b.links()) {
      if (link.start() < after || link.end() > limit) {
        continue;
      }
      String gap = text.substring(end < 0 ? after : end, link.start());
      if (!LINK_SEPARATOR.matcher(gap).matches()) {
        break;
      }
      end = link.end();
    }
    if (end < 0) {
      String marker = m.group();
      boolean separated = marker.chars().anyMatch(c -> c == '|' || c == ':' || c == '–' || c == '—' || c == '-');
      String rest = text.substring(after, limit);
      List<Sentences.Range> sentences = Sentences.split(rest);
      int headlineEnd = after + sentences.getFirst().end();
      // text flattened from HTML runs the next sentence into the headline ("… Sharma.Search for …")
      headlineEnd = Math.min(headlineEnd, after + runInStop(rest));
      String headline = text.substring(after, headlineEnd);
      int words = Words.count(headline);
      if (words < rule.minHeadlineWords() || words > rule.maxHeadlineWords()) {
        return -1;
      }
      if (!separated && !TitleCase.isHeadline(headline, rule.minTitleCaseWords(), rule.smallWords())) {
        return -1;
      }
      return headlineEnd;
    }
    return end + stopsAt(text, end);
  }

  /** Where the first stop directly followed by a capital or a quotation mark ends ("Guidelines.Claiming"), else the length. */
  private static int runInStop(String s) {
    for (int k = 0; k + 1 < s.length(); k++) {
      char c = s.charAt(k);
      char next = s.charAt(k + 1);
      if ((c == '.' || c == '!' || c == '?') && (Character.isUpperCase(next) || next == '"' || next == '“')) {
        return k + 1;
      }
    }
    return s.length();
  }

  /** How many of {@code . ! ? ; ,} stand in a row from {@code from}: the punctuation closing a link. */
  private static int stopsAt(String text, int from) {
    int i = from;
    while (i < text.length() && ".!?;,".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    return i - from;
  }

  private static void removeLinkOnlyBlocksAfter(Body body, int markerIndex, Marker rule) {
    int j = 0;
    while (j < body.size() && body.get(j).index() <= markerIndex) {
      j++;
    }
    for (int n = 0; n < 20 && j < body.size(); n++) {
      Block next = body.get(j);
      List<Block.LinkRange> links = next.links();
      if (links.size() != 1 || !LINK_SEPARATOR.matcher(next.text().substring(0, links.getFirst().start())).matches()
          || links.getFirst().end() + stopsAt(next.text(), links.getFirst().end()) != next.text().length()) {
        return;
      }
      body.removeBlock(j, rule.kind(), rule.id());
    }
  }

  private void removeLinks(Body body, int i, int id, CallContext call) {
    for (Link rule : links) {
      boolean cut = true;
      for (int guard = 0; cut && guard < 20 && stillAt(body, i, id); guard++) {
        cut = false;
        Block b = body.get(i);
        String text = b.text();
        for (Block.LinkRange link : b.links()) {
          if (!Sentences.endsSentence(text, link.start())) {
            continue;
          }
          int stops = stopsAt(text, link.end());
          int end = link.end() + stops;
          boolean standsAlone = end == text.length()
              || (text.length() - end > 1 && text.charAt(end) == ' ' && startsSentence(text.charAt(end + 1))
                  && (stops > 0 || Sentences.endsSentence(link.text(), link.text().length())));
          if (!standsAlone) {
            continue;
          }
          boolean sameSite = isSameSite(link.href(), call);
          if (rule.sameSite() && call.site.isPresent() && !sameSite) {
            continue;
          }
          boolean headline = TitleCase.isHeadline(link.text(), rule.minWords(), rule.smallWords())
              || (sameSite && call.site.isPresent() && Words.count(link.text()) >= rule.minWords());
          if (!headline) {
            continue;
          }
          body.cut(i, link.start(), end, rule.kind(), rule.id());
          cut = true;
          break;
        }
      }
    }
  }

  private void removeHeadlines(Body body, int i, int id, CallContext call) {
    for (Headline rule : headlines) {
      for (int guard = 0; guard < 20 && stillAt(body, i, id); guard++) {
        Block b = body.get(i);
        List<Sentences.Range> inBlock = call.sentencesOf(b.text());
        if (inBlock.size() < 2) {
          break;
        }
        Sentences.Range last = inBlock.getLast();
        String sentence = b.text().substring(last.start(), last.end());
        // evidence before a cut: the line is the headline of another story of the feed (#17)
        if (!TitleCase.isHeadline(sentence, rule.minWords(), rule.smallWords()) || !call.headlines.contains(sentence, call.title)) {
          break;
        }
        body.cut(i, last.start(), last.end(), rule.kind(), rule.id());
      }
    }
  }

  private static boolean startsSentence(char c) {
    return Character.isUpperCase(c) || Character.isDigit(c) || c == '"' || c == '“' || c == '‘' || c == '(' || c == '[';
  }

  private static boolean isSameSite(String href, CallContext call) {
    return call.site.isPresent()
        && call.related.sameSite.computeIfAbsent(href, h -> LinkResolver.hostOf(h).map(RelatedHeadlines::siteOf).equals(call.site));
  }

  /** The registrable part of a host, roughly: the last two labels, or three under a short second-level label (co.uk, com.au). */
  static String siteOf(String host) {
    // the host's last labels ("." after the last is no label), found from the end of the string
    String h = host.toLowerCase(Locale.ROOT);
    int end = h.length();
    while (end > 0 && h.charAt(end - 1) == '.') {
      end--;
    }
    int last = h.lastIndexOf('.', end - 1); // before the last label
    int second = last < 0 ? -1 : h.lastIndexOf('.', last - 1); // before the second last
    if (second < 0) {
      return h.substring(0, end); // two labels or fewer
    }
    boolean shortSecond = last - second - 1 <= 3 && end - last - 1 == 2;
    return h.substring(shortSecond ? h.lastIndexOf('.', second - 1) + 1 : second + 1, end);
  }
}
