package io.feedpipe.normalize;

import io.feedpipe.model.Dateline;
import io.feedpipe.model.Provenance;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The stages that run over a body once it is read, in their fixed order: furniture, head and
 * tail (notices, credits), repeated title, related headlines, tail again, duplicate lede,
 * dateline, attributions. One instance per normalization; not thread-safe.
 */
final class Pipeline {
  /** Bound on passes over the tail: each pass removes something or stops. */
  static final int MAX_TAIL_PASSES = 50;
  /** How far into a notice (and at most its first sentence) its reference to "this story" may stand, in characters. */
  static final int SELF_REFERENCE_WINDOW = 160;

  /** A closing credit is looked for in this many last characters of the body. */
  static final int CREDIT_WINDOW = 160;

  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
  private static final Pattern POSSESSIVE_S = Pattern.compile("['’]s$");
  private static final Pattern CLOSING_PUNCTUATION = Pattern.compile("[.,;:]+$");
  private static final Pattern LINK_SEPARATOR = Pattern.compile("^[\\s|•·,;/–—-]*$");

  private final CompiledRules rules;
  private final String title;
  private final Optional<String> siteDomain;
  private final ProvenanceBuilder provenance = new ProvenanceBuilder();
  // Blocks are immutable and every check below depends on the block alone, so a block found clean
  // once needs no second look in the passes that run to reach a fixpoint.
  private final Set<Block> furnitureClean = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Block> relatedClean = Collections.newSetFromMap(new IdentityHashMap<>());
  private @Nullable Block headClean;
  private @Nullable Block tailClean;
  // block texts are immutable strings, split by several stages: each is split once
  private final Map<String, List<Sentences.Range>> sentences = new IdentityHashMap<>();

  /**
   * @param link the item's link, parsed
   * @param furnitureFree blocks of this body already found to be no furniture by these rules
   */
  Pipeline(CompiledRules rules, String title, Optional<URI> link, Set<Block> furnitureFree) {
    this.rules = rules;
    this.datelineMatchers = new Matcher[rules.datelines().size()];
    this.title = title;
    this.siteDomain = link.map(u -> siteOf(u.getHost()));
    this.furnitureClean.addAll(furnitureFree);
  }

  /** Bound on clean-up passes; each pass after the first runs only because the one before removed something. */
  static final int MAX_CLEANUP_PASSES = 4;

  Result run(Body body) {
    cleanUp(body);
    Optional<Dateline> dateline = extractDateline(body);
    // what the dateline stood before ("Moscow, May 3: Also Read | …") is now exposed, and when that
    // goes with its whole block, the next block may open with the dateline printed again
    for (int pass = 0; dateline.isPresent() && pass < MAX_CLEANUP_PASSES; pass++) {
      int before = body.removalCount();
      cleanUp(body);
      removeRepeatedDatelines(body);
      if (body.removalCount() == before) {
        break;
      }
    }
    findAttributions(body);
    return new Result(dateline, provenance.build());
  }

  /**
   * Runs the removal stages until they remove nothing more, so that normalizing the output again
   * finds nothing left to remove.
   */
  private void cleanUp(Body body) {
    for (int pass = 0; pass < MAX_CLEANUP_PASSES; pass++) {
      int before = body.removalCount();
      removeFurniture(body, rules, furnitureClean);
      trimHead(body);
      trimTail(body);
      removeRepeatedTitle(body);
      removeRelated(body);
      trimTail(body);
      removeDuplicateLede(body);
      if (body.removalCount() == before) {
        return;
      }
    }
  }

  /**
   * Drops blocks that are page furniture as a whole ("Advertisement", "Follow us on …"); blocks in
   * {@code clean} are known not to be, and those found not to be are added to it.
   */
  static void removeFurniture(Body body, CompiledRules rules, Set<Block> clean) {
    @Nullable Matcher[] matchers = rules.paragraphs().newMatchers(); // reset for each block
    for (int i = 0; i < body.size(); i++) {
      Block b = body.get(i);
      if (clean.contains(b)) {
        continue;
      }
      Optional<ParagraphRule> rule = rules.paragraphs().firstRemoving(b.text(), matchers);
      if (rule.isPresent()) {
        body.removeBlock(i, rule.get().kind(), rule.get().id());
        i--;
      } else {
        clean.add(b);
      }
    }
  }

  // ---- head and tail: notices and credits ---------------------------------------------------

  private void trimHead(Body body) {
    for (int pass = 0; pass < MAX_TAIL_PASSES && body.size() > 0; pass++) {
      Block first = body.get(0);
      if (first == headClean) {
        return;
      }
      boolean removed = false;
      for (TailRules.Notice rule : rules.notices()) {
        boolean standalone = isWhollyParenthetical(first.text())
            || rule.label().matcher(stripOpeners(first.text())).lookingAt();
        Optional<Meaning> meaning = standalone ? noticeMeaning(rule, first.text()) : Optional.empty();
        if (meaning.isPresent()) {
          recordNotice(rule, meaning.get(), first, 0, first.text());
          body.removeBlock(0, rule.kind(), rule.id());
          removed = true;
          break;
        }
      }
      if (!removed) {
        String folded = null; // folded once, for the first rule that needs it
        for (TailRules.Credit rule : rules.credits()) {
          if (!rule.head()) {
            continue;
          }
          if (folded == null) {
            folded = TailRules.fold(first.text());
          }
          if (rule.mayMatchIn(first.text(), folded)) {
            Matcher m = rule.pattern().matcher(first.text());
            if (m.lookingAt()) {
              String credit = first.text().substring(0, m.end());
              provenance.credit(rule.id(), first.index(), 0, credit.strip(), agenciesIn(credit));
              body.cut(0, 0, m.end(), rule.kind(), rule.id());
              removed = true;
              break;
            }
          }
        }
      }
      if (!removed) {
        headClean = first;
        return;
      }
    }
  }

  private void trimTail(Body body) {
    for (int pass = 0; pass < MAX_TAIL_PASSES && body.size() > 0; pass++) {
      Block last = body.get(body.size() - 1);
      if (last == tailClean) {
        return;
      }
      if (!trimTailOnce(body)) {
        tailClean = last;
        return;
      }
    }
  }

  private boolean trimTailOnce(Body body) {
    int last = body.size() - 1;
    Block block = body.get(last);
    String text = block.text();
    for (TailRules.Notice rule : rules.notices()) {
      // the closing paragraph as a whole
      Optional<Meaning> whole = noticeMeaning(rule, text);
      if (whole.isPresent()) {
        recordNotice(rule, whole.get(), block, 0, text);
        body.removeBlock(last, rule.kind(), rule.id());
        return true;
      }
      // a trailing parenthetical, or a trailing labelled sentence, after a full sentence
      int paren = trailingParenthetical(text);
      if (paren > 0 && endsSentence(text, paren)) {
        String unit = text.substring(paren);
        Optional<Meaning> meaning = noticeMeaning(rule, unit);
        if (meaning.isPresent()) {
          recordNotice(rule, meaning.get(), block, paren, unit);
          body.cut(last, paren, text.length(), rule.kind(), rule.id());
          return true;
        }
      }
      for (Sentences.Range s : sentencesOf(text)) {
        if (s.start() > 0 && rule.label().matcher(text).region(s.start(), text.length()).lookingAt()) {
          String unit = text.substring(s.start());
          Optional<Meaning> meaning = noticeMeaning(rule, unit);
          if (meaning.isPresent()) {
            recordNotice(rule, meaning.get(), block, s.start(), unit);
            body.cut(last, s.start(), text.length(), rule.kind(), rule.id());
            return true;
          }
        }
      }
    }
    int windowStart = Math.max(0, text.length() - CREDIT_WINDOW);
    String window = text.substring(windowStart);
    String folded = TailRules.fold(window);
    for (TailRules.Credit rule : rules.credits()) {
      if (rule.head() || !rule.mayMatchIn(window, folded)) {
        continue;
      }
      Matcher m = rule.pattern().matcher(text).region(windowStart, text.length());
      while (m.find()) {
        if (m.end() != text.length() || m.end() == m.start()) {
          continue;
        }
        String before = text.substring(0, m.start()).strip();
        if (rule.afterSentence() && !before.isEmpty() && !endsSentence(before)) {
          continue;
        }
        String credit = text.substring(m.start());
        provenance.credit(rule.id(), block.index(), m.start(), credit.strip(), agenciesIn(credit));
        body.cut(last, m.start(), text.length(), rule.kind(), rule.id());
        return true;
      }
    }
    return false;
  }

  /**
   * Where a closing "(…)" or "[…]" starts, or -1: what {@code [(\[][^()\[\]]+[)\]]\s*$} finds,
   * without trying every position — the closer is the last character but white space (and a final
   * line terminator, which {@code $} may stand before), the opener the last bracket before it.
   */
  static int trailingParenthetical(String text) {
    int end = text.length();
    if (end > 0 && isLineTerminatorOutsideSpace(text.charAt(end - 1))) {
      end--;
    }
    int close = end - 1;
    while (close >= 0 && isRegexSpace(text.charAt(close))) {
      close--;
    }
    if (close < 0 || (text.charAt(close) != ')' && text.charAt(close) != ']')) {
      return -1;
    }
    int open = close - 1;
    while (open >= 0 && !isBracket(text.charAt(open))) {
      open--;
    }
    if (open < 0 || open == close - 1 || (text.charAt(open) != '(' && text.charAt(open) != '[')) {
      return -1;
    }
    return open;
  }

  /**
   * Whether the text is one parenthetical: what matching the whole text with {@code
   * ^\s*[(\[].*[)\]]\s*$} (the dot matching anything) tells, without the regex — the first
   * character but white space opens a bracket, the last but white space closes another.
   */
  static boolean isWhollyParenthetical(String text) {
    int start = 0;
    while (start < text.length() && isRegexSpace(text.charAt(start))) {
      start++;
    }
    int end = text.length();
    while (end > start && isRegexSpace(text.charAt(end - 1))) {
      end--;
    }
    return end - start >= 2 && (text.charAt(start) == '(' || text.charAt(start) == '[')
        && (text.charAt(end - 1) == ')' || text.charAt(end - 1) == ']');
  }

  /** {@code \s} of java.util.regex without UNICODE_CHARACTER_CLASS. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** Line terminators at which {@code $} may match although {@code \s} does not take them. */
  private static boolean isLineTerminatorOutsideSpace(char c) {
    return c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  private static boolean isBracket(char c) {
    return c == '(' || c == ')' || c == '[' || c == ']';
  }

  private void recordNotice(TailRules.Notice rule, Meaning meaning, Block block, int offset, String unit) {
    provenance.notice(rule.id(), block.index(), offset, unit.strip(), meaning, agenciesIn(unit));
  }

  /**
   * What a candidate notice says, when it is one: short, quoting nobody, speaking of this story
   * (or labelled, or a parenthetical opening with a meaning), and saying at least one meaning.
   */
  Optional<Meaning> noticeMeaning(TailRules.Notice rule, String unit) {
    String t = unit.strip();
    if (t.isEmpty() || Words.countUpTo(t, rule.maxWords() + 1) > rule.maxWords()
        || t.indexOf('"') >= 0 || t.indexOf('“') >= 0 || t.indexOf('”') >= 0 || t.indexOf('«') >= 0) {
      return Optional.empty();
    }
    String inner = stripOpeners(t);
    Matcher label = rule.label().matcher(inner);
    boolean labelled = label.lookingAt();
    String said = labelled ? inner.substring(label.end()) : inner;
    boolean parenthetical = isWhollyParenthetical(t);
    boolean self = !labelled && speaksOfThisStory(rule, said);
    if (!labelled && !parenthetical && !self) {
      return Optional.empty(); // the cheap test first: most closing paragraphs are prose
    }
    String folded = TailRules.fold(said);
    int[] starts = rule.meanings().firstStarts(said, folded);
    int autoGenerated = starts[0];
    int unedited = starts[1];
    int syndicated = starts[2];
    Meaning m = new Meaning(autoGenerated >= 0, unedited >= 0, syndicated >= 0);
    if (!m.any()) {
      return Optional.empty();
    }
    if (labelled || self) {
      return Optional.of(m);
    }
    boolean opensWithMeaning = parenthetical && (opens(autoGenerated) || opens(unedited) || opens(syndicated));
    return opensWithMeaning ? Optional.of(m) : Optional.empty();
  }

  /** Whether a meaning's first match starts within the opening characters (behind a bracket, a space). */
  private static boolean opens(int firstStart) {
    return firstStart >= 0 && firstStart <= 2;
  }

  /** Whether {@code self} matches within the first sentence of the unit (and its first characters). */
  private static boolean speaksOfThisStory(TailRules.Notice rule, String said) {
    // the notice speaks of this story in its first sentence, not somewhere after prose
    String head = said.substring(0, Math.min(SELF_REFERENCE_WINDOW, said.length()));
    if (!rule.mayReferToItselfIn(head)) {
      return false;
    }
    List<Sentences.Range> sentences = Sentences.split(head);
    return !sentences.isEmpty() && rule.self().matcher(head).region(0, sentences.getFirst().end()).find();
  }

  private static String stripOpeners(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == '(' || s.charAt(i) == '[' || s.charAt(i) == '*' || s.charAt(i) == ' ')) {
      i++;
    }
    return s.substring(i);
  }

  private static boolean endsSentence(String s) {
    return endsSentence(s, s.length());
  }

  /** Whether {@code s} up to {@code end}, trailing white space aside, is empty or ends with a sentence stop or closer. */
  private static boolean endsSentence(String s, int end) {
    int i = end - 1;
    while (i >= 0 && Character.isWhitespace(s.charAt(i))) {
      i--;
    }
    if (i < 0) {
      return true;
    }
    char c = s.charAt(i);
    return c == '.' || c == '!' || c == '?' || c == '"' || c == '”' || c == '’' || c == '\'' || c == ')' || c == ']';
  }

  private List<String> agenciesIn(String text) {
    return rules.agency().map(a -> a.findAll(text)).orElse(List.of());
  }

  // ---- repeated title, related headlines, duplicate lede ----------------------------------

  private void removeRepeatedTitle(Body body) {
    if (title.isEmpty() || body.size() == 0 || body.get(0) == titleClean) {
      return;
    }
    if (titleWords == null) {
      titleWords = Words.lowerCase(title);
    }
    for (HeadRules.RepeatedTitle rule : rules.titles()) {
      // the word count first: most first blocks are longer than any title
      if (body.size() > 1 && Words.countUpTo(body.get(0).text(), titleWords.size() + 1) == titleWords.size()
          && Words.lowerCase(body.get(0).text()).equals(titleWords)) {
        body.removeBlock(0, rule.kind(), rule.id());
        return;
      }
    }
    // the body only shrinks, so a first block kept once is kept in every later pass
    titleClean = body.get(0);
  }

  private @Nullable List<String> titleWords;
  private @Nullable Block titleClean;

  private void removeRelated(Body body) {
    int i = 0;
    while (i < body.size()) {
      if (relatedClean.contains(body.get(i))) {
        i++;
        continue;
      }
      int id = body.get(i).index();
      relatedMarkers(body, i, id);
      if (stillAt(body, i, id)) {
        relatedLinks(body, i, id);
      }
      if (stillAt(body, i, id)) {
        relatedHeadlines(body, i, id);
      }
      if (stillAt(body, i, id)) {
        relatedClean.add(body.get(i));
        i++;
      }
    }
  }

  private static boolean stillAt(Body body, int i, int id) {
    return i < body.size() && body.get(i).index() == id;
  }

  private void relatedMarkers(Body body, int i, int id) {
    for (RelatedRules.Marker rule : rules.markers()) {
      boolean cut = true;
      for (int guard = 0; cut && guard < 20 && stillAt(body, i, id); guard++) {
        cut = false;
        Block b = body.get(i);
        String text = b.text();
        Matcher m = null; // made at the first sentence start a keyword opens: most blocks have none
        for (Sentences.Range sentence : sentencesOf(text)) {
          // a marker opens a block or follows a full stop: only sentence starts are tried
          if (!rule.mayStartAt(text, sentence.start())) {
            continue;
          }
          if (m == null) {
            m = rule.marker().matcher(text);
          }
          if (!m.region(sentence.start(), text.length()).lookingAt()) {
            continue;
          }
          int end = relatedAfterMarker(rule, b, m);
          if (end < 0) {
            continue;
          }
          int indexBefore = b.index();
          body.cut(i, m.start(), end, rule.kind(), rule.id());
          if (end >= text.length() && m.end() >= text.strip().length()) {
            // a marker alone: the links listed in the blocks below it go too
            removeLinkOnlyBlocksAfter(body, indexBefore, rule);
          }
          cut = true;
          break;
        }
      }
    }
  }

  /** Where the related headline after a marker ends, or -1 when what follows is no headline. */
  private int relatedAfterMarker(RelatedRules.Marker rule, Block b, Matcher m) {
    String text = b.text();
    int after = m.end();
    if (text.substring(after).isBlank()) {
      return text.length();
    }
    int end = -1;
    for (Block.LinkRange link : b.links()) {
      if (link.start() < after) {
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
      List<Sentences.Range> sentences = Sentences.split(text.substring(after));
      int headlineEnd = after + sentences.getFirst().end();
      String headline = text.substring(after, headlineEnd);
      int words = Words.count(headline);
      if (words < 2 || words > rule.maxHeadlineWords()) {
        return -1;
      }
      if (!separated && !TitleCase.isHeadline(headline, 3, Set.of("a", "an", "the", "and", "or", "for", "in", "of", "on", "to", "at", "by", "with", "from", "as"))) {
        return -1;
      }
      return headlineEnd;
    }
    return end + stopsAt(text, end);
  }

  /** How many of {@code . ! ? ; ,} stand in a row from {@code from}: the punctuation closing a link. */
  private static int stopsAt(String text, int from) {
    int i = from;
    while (i < text.length() && ".!?;,".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    return i - from;
  }

  private void removeLinkOnlyBlocksAfter(Body body, int markerIndex, RelatedRules.Marker rule) {
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

  private void relatedLinks(Body body, int i, int id) {
    for (RelatedRules.Link rule : rules.links()) {
      boolean cut = true;
      for (int guard = 0; cut && guard < 20 && stillAt(body, i, id); guard++) {
        cut = false;
        Block b = body.get(i);
        String text = b.text();
        for (Block.LinkRange link : b.links()) {
          if (!endsSentence(text, link.start())) {
            continue;
          }
          int stops = stopsAt(text, link.end());
          int end = link.end() + stops;
          boolean standsAlone = end == text.length()
              || (text.length() - end > 1 && text.charAt(end) == ' ' && startsSentence(text.charAt(end + 1))
                  && (stops > 0 || endsSentence(link.text())));
          if (!standsAlone) {
            continue;
          }
          boolean sameSite = isSameSite(link.href());
          if (rule.sameSite() && siteDomain.isPresent() && !sameSite) {
            continue;
          }
          boolean headline = TitleCase.isHeadline(link.text(), rule.minWords(), rule.smallWords())
              || (sameSite && siteDomain.isPresent() && Words.count(link.text()) >= rule.minWords());
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

  private void relatedHeadlines(Body body, int i, int id) {
    for (RelatedRules.Headline rule : rules.headlines()) {
      for (int guard = 0; guard < 20 && stillAt(body, i, id); guard++) {
        Block b = body.get(i);
        List<Sentences.Range> inBlock = sentencesOf(b.text());
        if (inBlock.size() < 2) {
          break;
        }
        Sentences.Range last = inBlock.getLast();
        String sentence = b.text().substring(last.start(), last.end());
        if (!TitleCase.isHeadline(sentence, rule.minWords(), rule.smallWords())) {
          break;
        }
        body.cut(i, last.start(), last.end(), rule.kind(), rule.id());
      }
    }
  }

  /** The sentences of a block's text, split once per text. */
  private List<Sentences.Range> sentencesOf(String blockText) {
    return sentences.computeIfAbsent(blockText, Sentences::split);
  }

  private static boolean startsSentence(char c) {
    return Character.isUpperCase(c) || Character.isDigit(c) || c == '"' || c == '“' || c == '‘' || c == '(' || c == '[';
  }

  private boolean isSameSite(String href) {
    return siteDomain.isPresent() && sameSite.computeIfAbsent(href, this::pointsToOwnSite);
  }

  private boolean pointsToOwnSite(String href) {
    return LinkResolver.hostOf(href).map(Pipeline::siteOf).equals(siteDomain);
  }

  /** Whether each href seen points to the item's own site: a link is parsed once, however often it is looked at. */
  private final Map<String, Boolean> sameSite = new java.util.HashMap<>();

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

  private void removeDuplicateLede(Body body) {
    for (HeadRules.DuplicateLede rule : rules.ledes()) {
      boolean removed = true;
      for (int guard = 0; removed && guard < 10; guard++) {
        removed = false;
        int window = Math.min(rule.window(), body.size());
        if (window < 2) {
          return; // one block: nothing to compare it with (under any rule: every window is at least 2)
        }
        List<Lede> ledes = new ArrayList<>();
        for (int k = 0; k < window; k++) {
          ledes.add(lede(body.get(k)));
        }
        search:
        for (int i = 0; i < window; i++) {
          for (int j = i + 1; j < window; j++) {
            Lede a = ledes.get(i);
            Lede b = ledes.get(j);
            if (!a.mayRelate(b)) {
              continue; // their opening words differ: neither the same words nor a prefix
            }
            int drop = -1;
            if (a.sameWords(b)) {
              drop = a.dated() && !b.dated() ? j : (b.dated() && !a.dated() ? i : j);
            } else if (b.dated() && !a.dated() && a.isPrefixOf(b, rule.minPrefixWords())) {
              drop = i;
            } else if (a.dated() && !b.dated() && b.isPrefixOf(a, rule.minPrefixWords())) {
              drop = j;
            }
            if (drop >= 0 && a.hasWords()) {
              body.removeBlock(drop, rule.kind(), rule.id());
              removed = true;
              break search;
            }
          }
        }
      }
    }
  }

  /**
   * A block's words after any dateline, for comparing ledes: word hashes first, the lower-cased
   * words (read only when the hashes cannot tell) to decide.
   */
  private static final class Lede {
    /** How many opening words are hashed up front; the rest only when the openings agree. */
    private static final int OPENING_WORDS = 12;
    private final boolean dated;
    private final String text;
    private final long[] opening;
    /** Whether hashes decide for the opening's words, which is all {@link #mayRelate} compares. */
    private final boolean openingDecided;
    private long @Nullable [] hashes;
    private @Nullable Boolean hashesDecide;
    private @Nullable List<String> words;

    Lede(boolean dated, String text) {
      this.dated = dated;
      this.text = text;
      Words.Opening o = Words.opening(text, OPENING_WORDS);
      this.opening = o.hashes();
      this.openingDecided = lowerCasesCharByChar(text, o.end());
    }

    boolean dated() {
      return dated;
    }

    boolean hasWords() {
      return opening.length > 0;
    }

    long[] hashes() {
      if (hashes == null) {
        hashes = opening.length < OPENING_WORDS ? opening : Words.hashes(text);
      }
      return hashes;
    }

    /**
     * Whether the two can be the same words or one a prefix of the other: both need their first
     * words (as many as the shorter opening holds) to agree. When hashes cannot decide, maybe.
     */
    boolean mayRelate(Lede other) {
      int n = Math.min(opening.length, other.opening.length);
      return !openingDecided || !other.openingDecided || java.util.Arrays.equals(opening, 0, n, other.opening, 0, n);
    }

    List<String> words() {
      if (words == null) {
        words = Words.lowerCase(text);
      }
      return words;
    }

    boolean sameWords(Lede other) {
      if (text.equals(other.text)) {
        return true; // the usual duplicate: the same sentences, compared at String.equals' speed
      }
      if (hashesDecide() && other.hashesDecide()) {
        // words lower-cased alike compared in place (hashing both first would only repeat the scan)
        return Words.sameLowerCaseWords(text, other.text, Integer.MAX_VALUE);
      }
      return words().equals(other.words());
    }

    /** Whether these words, at least {@code minWords} of them, are a proper prefix of {@code longer}'s. */
    boolean isPrefixOf(Lede longer, int minWords) {
      int n = hashes().length;
      if (n < minWords || n >= longer.hashes().length) {
        return false;
      }
      if (hashesDecide() && longer.hashesDecide()) {
        return java.util.Arrays.equals(hashes(), 0, n, longer.hashes(), 0, n) && Words.sameLowerCaseWords(text, longer.text, n);
      }
      return longer.words().subList(0, n).equals(words());
    }

    /** Whether hashes decide for all the words (read only when the openings agree). */
    private boolean hashesDecide() {
      if (hashesDecide == null) {
        hashesDecide = openingDecided && lowerCasesCharByChar(text, text.length());
      }
      return hashesDecide;
    }

    /**
     * Whether {@code String.toLowerCase} of any word of the text before {@code end} equals
     * lower-casing it character by character (as {@link Words#hashes} does): true unless it holds a
     * capital dotted I, a capital sigma (final-sigma rule) or a character outside the BMP.
     */
    private static boolean lowerCasesCharByChar(String text, int end) {
      for (int i = 0; i < end; i++) {
        char c = text.charAt(i);
        if (c >= 0x130 && (c == 0x130 || c == 0x3A3 || Character.isSurrogate(c))) {
          return false;
        }
      }
      return true;
    }
  }

  private final Map<Block, Lede> ledes = new IdentityHashMap<>();

  private Lede lede(Block b) {
    return ledes.computeIfAbsent(b, this::readLede);
  }

  private Lede readLede(Block b) {
    for (int r = 0; r < rules.datelines().size(); r++) {
      Optional<MatchResult> m = datelineMatch(b, r);
      if (m.isPresent()) {
        return new Lede(true, b.text().substring(m.get().end()));
      }
    }
    return new Lede(false, b.text());
  }

  private final Map<String, Optional<MatchResult>[]> datelineMatches = new IdentityHashMap<>();
  /** One matcher per dateline rule, reset for each text. */
  private final @Nullable Matcher[] datelineMatchers;

  /**
   * Where dateline rule {@code r} matches at the start of the block's text with words after it,
   * matched once per text and rule (the duplicate-lede stage and the dateline stage both ask).
   */
  @SuppressWarnings("unchecked")
  private Optional<MatchResult> datelineMatch(Block b, int r) {
    Optional<MatchResult>[] known = datelineMatches.computeIfAbsent(b.text(), t -> new Optional[rules.datelines().size()]);
    if (known[r] == null) {
      ContainedKeywords keywords = rules.datelines().get(r).keywords();
      if (!keywords.mayMatchIn(b.text(), keywords.needsFolded() ? TailRules.fold(b.text()) : b.text())) {
        known[r] = Optional.empty();
        return known[r];
      }
      Matcher m = datelineMatchers[r] == null
          ? (datelineMatchers[r] = rules.datelines().get(r).pattern().matcher(b.text()))
          : datelineMatchers[r].reset(b.text());
      known[r] = m.lookingAt() && Body.hasWords(b.text().substring(m.end())) ? Optional.of(m.toMatchResult()) : Optional.empty();
    }
    return known[r];
  }

  // ---- dateline, attributions ----------------------------------------------------------------

  private Optional<Dateline> extractDateline(Body body) {
    if (body.size() == 0) {
      return Optional.empty();
    }
    Block first = body.get(0);
    for (int r = 0; r < rules.datelines().size(); r++) {
      HeadRules.Dateline rule = rules.datelines().get(r);
      Optional<MatchResult> found = datelineMatch(first, r);
      if (found.isEmpty()) {
        continue;
      }
      MatchResult m = found.get();
      String place = group(m, "place").map(String::strip).orElse("");
      if (place.isEmpty()) {
        continue;
      }
      Optional<String> date = group(m, "date").map(String::strip).filter(s -> !s.isEmpty());
      Optional<String> agency = group(m, "agency").map(String::strip).filter(s -> !s.isEmpty());
      String text = first.text().substring(0, m.end()).strip();
      if (agency.isPresent()) {
        provenance.credit(rule.id(), first.index(), 0, text, List.of(agency.get()));
      }
      body.cut(0, 0, m.end(), rule.kind(), rule.id());
      removeRepeatedDatelines(body);
      return Optional.of(new Dateline(place, date, agency));
    }
    return Optional.empty();
  }

  /** A dateline printed twice ("Moscow, May 3: Moscow, May 3: …"): the copies after the first go too. */
  private void removeRepeatedDatelines(Body body) {
    for (int guard = 0; guard < 10 && body.size() > 0; guard++) {
      Block first = body.get(0);
      boolean cut = false;
      for (int r = 0; r < rules.datelines().size(); r++) {
        HeadRules.Dateline rule = rules.datelines().get(r);
        Optional<MatchResult> m = datelineMatch(first, r);
        if (m.isPresent()) {
          body.cut(0, 0, m.get().end(), rule.kind(), rule.id());
          cut = true;
          break;
        }
      }
      if (!cut) {
        return;
      }
    }
  }

  private static Optional<String> group(MatchResult m, String name) {
    try {
      return Optional.ofNullable(m.group(name));
    } catch (IllegalArgumentException noSuchGroup) {
      return Optional.empty(); // the rule's pattern does not name this part
    }
  }

  private void findAttributions(Body body) {
    List<TailRules.Attribution> attributionRules = rules.attributions();
    for (Block b : body.blocks()) {
      List<Found> found = new ArrayList<>();
      List<List<KeywordWindows.Window>> windows = rules.attributionWindows().of(b.text());
      for (int r = 0; r < attributionRules.size(); r++) {
        TailRules.Attribution rule = attributionRules.get(r);
        for (KeywordWindows.Window window : windows.get(r)) {
          if (rule.matchStartsWithKeyword()) {
            findAt(b.text(), rule, window, window.keywordStarts(), found);
          } else if (rule.matchStartsWithCapital()) {
            findAt(b.text(), rule, window, capitalsOpeningWords(b.text(), window), found);
          } else {
            Matcher m = rule.pattern().matcher(b.text()).region(window.start(), window.end());
            while (m.find()) {
              addSource(m, rule, found);
            }
          }
        }
      }
      found.sort(Comparator.comparingInt(Found::offset));
      found.forEach(f -> provenance.attribution(f.source()));
    }
  }

  /**
   * What a search of the window finds, for a rule whose every match starts at one of {@code
   * candidates} (increasing): the pattern tried at each after the last match, behind the one
   * character before it (a search in the window sees it too).
   */
  private static void findAt(String text, TailRules.Attribution rule, KeywordWindows.Window window, int[] candidates,
      List<Found> found) {
    int searchFrom = window.start();
    Matcher afterOne = null; // made at the first candidate after the window's start, then moved to each next
    for (int k : candidates) {
      if (k < searchFrom) {
        continue; // inside the last match: a search goes on after it
      }
      if (k > window.start() && Character.getType(text.charAt(k - 1)) == Character.NON_SPACING_MARK) {
        // \b looks past a combining mark for its base character, further back than one character:
        // search the window (what was found already is found again, and added once)
        Matcher m = rule.pattern().matcher(text).region(window.start(), window.end());
        while (m.find()) {
          addSource(m, rule, found);
        }
        return;
      }
      Matcher m;
      if (k > window.start()) {
        afterOne = afterOne == null ? rule.afterOneCharacter().orElseThrow().matcher(text) : afterOne;
        m = afterOne.region(k - 1, window.end());
      } else {
        m = rule.pattern().matcher(text).region(k, window.end());
      }
      if (m.lookingAt()) {
        addSource(m, rule, found);
        searchFrom = m.end();
      }
    }
  }

  /**
   * Where a match of a rule that starts with a capital may start in the window: at an A–Z or any
   * character from U+0080 up but the second half of a surrogate pair (the test for an upper-case
   * letter is the pattern's), after the window's start or a character that is no ASCII letter or digit.
   */
  private static int[] capitalsOpeningWords(String text, KeywordWindows.Window window) {
    int[] out = new int[8];
    int n = 0;
    for (int i = window.start(); i < window.end(); i++) {
      char c = text.charAt(i);
      if (((c >= 'A' && c <= 'Z') || (c >= 0x80 && !Character.isLowSurrogate(c)))
          && (i == window.start() || !isAsciiLetterOrDigit(text.charAt(i - 1)))) {
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, n * 2);
        }
        out[n++] = i;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static void addSource(Matcher m, TailRules.Attribution rule, List<Found> found) {
    Optional<String> source = group(m, "source").flatMap(s -> cleanSource(s, rule.ignore()));
    if (source.isPresent() && found.stream().noneMatch(f -> f.offset() == m.start("source"))) {
      found.add(new Found(m.start("source"), source.get()));
    }
  }

  private record Found(int offset, String source) {}

  private static Optional<String> cleanSource(String raw, Set<String> ignore) {
    List<String> words = new ArrayList<>(List.of(WHITE_SPACE.split(raw.strip())));
    while (!words.isEmpty() && (words.getFirst().equals("the")
        || (ignore.contains(words.getFirst()) && !words.getFirst().equals("The")))) {
      words.removeFirst();
    }
    if (words.isEmpty()) {
      return Optional.empty();
    }
    if (words.size() > 2 && words.getFirst().equals("The")) { // "The Hindu" stays, "The Washington Post" loses it
      words.removeFirst();
    }
    String s = CLOSING_PUNCTUATION.matcher(POSSESSIVE_S.matcher(String.join(" ", words)).replaceAll("")).replaceAll("");
    return s.isEmpty() || ignore.contains(s) ? Optional.empty() : Optional.of(s);
  }

  /** Which meanings a notice carries. */
  record Meaning(boolean autoGenerated, boolean unedited, boolean syndicated) {
    boolean any() {
      return autoGenerated || unedited || syndicated;
    }
  }

  /** What the stages found besides their cuts. */
  record Result(Optional<Dateline> dateline, Provenance provenance) {}

  /** Collects flags, agencies, attributions and evidence, the evidence in document order. */
  private static final class ProvenanceBuilder {
    /** A credit to unnamed agencies ("With inputs from agencies") still says the copy is syndicated. */
    private static final Pattern AGENCIES_WORD = Pattern.compile("\\bagenc(?:y|ies)\\b", Pattern.CASE_INSENSITIVE);
    private boolean autoGenerated;
    private boolean unedited;
    private boolean syndicated;
    private final Map<String, String> agencies = new LinkedHashMap<>();
    private final Set<String> attributions = new LinkedHashSet<>();
    private final List<Body.Placed> evidence = new ArrayList<>();

    void notice(String rule, int block, int offset, String text, Meaning m, List<String> agencyNames) {
      autoGenerated |= m.autoGenerated();
      unedited |= m.unedited();
      syndicated |= m.syndicated() || !agencyNames.isEmpty();
      agencyNames.forEach(a -> agencies.putIfAbsent(a.toLowerCase(Locale.ROOT), a));
      evidence.add(new Body.Placed(block, offset, new io.feedpipe.model.Removal("", rule, text)));
    }

    void credit(String rule, int block, int offset, String text, List<String> agencyNames) {
      agencyNames.forEach(a -> agencies.putIfAbsent(a.toLowerCase(Locale.ROOT), a));
      if (!agencyNames.isEmpty() || AGENCIES_WORD.matcher(text).find()) {
        syndicated = true;
        evidence.add(new Body.Placed(block, offset, new io.feedpipe.model.Removal("", rule, text)));
      }
    }

    void attribution(String source) {
      attributions.add(source);
    }

    Provenance build() {
      List<io.feedpipe.model.Evidence> ev = evidence.stream()
          .sorted(Comparator.comparingInt(Body.Placed::blockIndex).thenComparingInt(Body.Placed::offset))
          .map(p -> new io.feedpipe.model.Evidence(p.removal().rule(), p.removal().text()))
          .toList();
      return new Provenance(autoGenerated, unedited, syndicated, List.copyOf(agencies.values()),
          List.copyOf(attributions), ev);
    }
  }
}
