package io.feedpipe.normalize;

import io.feedpipe.model.Dateline;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Stage: the dateline opening the body ("Moscow, September 13:", "WASHINGTON (AP) —") moves to the
 * story's dateline field, its agency to provenance; copies printed after it go too. The
 * duplicate-lede stage asks it where the opening blocks' datelines end. Immutable; its memo lives
 * in the call's {@link Memo}.
 */
final class Datelines {
  /**
   * A dateline at the very start of the first block: {@code pattern} must match there and has
   * named groups {@code place} and, optionally, {@code region}, {@code country}, {@code date} and
   * {@code agency}; {@code notPlace} (optional) must find nothing in the place.
   */
  record Rule(String id, String kind, Pattern pattern, Optional<Pattern> notPlace) {
    static Rule of(RuleSpec s, Map<String, List<String>> terms) {
      return new Rule(s.id(), s.kind(), s.requireGroups("pattern", s.pattern("pattern", terms, 0), "place"),
          s.optionalPattern("notPlace", terms, 0));
    }

    /** Whether the place matched is one: {@code notPlace} (an organisation's word, say) finds nothing in it. */
    boolean isPlace(String place) {
      return notPlace.isEmpty() || !notPlace.get().matcher(place).find();
    }
  }

  /** Rough length of an opening block, and cost of a dateline pattern failing at its start: what a gate must beat. */
  private static final int BLOCK_CHARS = 250;
  private static final double LOOKING_AT_NANOS = 300;

  private final List<Rule> rules;
  /** What each rule's matches contain, when looking for it pays: a block holding none of it is not tried. */
  private final Keywords gate;

  Datelines(List<Rule> rules, PatternLiterals.Source literalsOf) {
    this.rules = List.copyOf(rules);
    this.gate = Keywords.of(this.rules.stream()
        .map(r -> literalsOf.of(r.pattern()).gate(BLOCK_CHARS, LOOKING_AT_NANOS).orElse(null)).toList());
  }

  List<Rule> rules() {
    return rules;
  }

  /**
   * Where each rule matched each block text (the duplicate-lede stage and this one both ask, over
   * several passes), and one matcher per rule, reset for each text.
   */
  static final class Memo {
    private final Map<String, Known> matches = new IdentityHashMap<>();
    private final @Nullable Matcher[] matchers;

    Memo(Datelines stage) {
      this.matchers = new Matcher[stage.rules.size()];
    }
  }

  /**
   * Where a dateline ends at the start of the block's text, with words after it: the first rule's
   * match, if any.
   */
  Optional<MatchResult> at(Block b, CallContext call) {
    for (int r = 0; r < rules.size(); r++) {
      Rule rule = rules.get(r);
      Optional<MatchResult> m = match(b, r, call.datelines)
          .filter(found -> wordsAfter(b, found) && rule.isPlace(RuleSpec.group(found, "place").orElse("")));
      if (m.isPresent()) {
        return m;
      }
    }
    return Optional.empty();
  }

  private static boolean wordsAfter(Block b, MatchResult m) {
    return Body.hasWords(b.text().substring(m.end()));
  }

  /**
   * Where rule {@code r} matches at the start of the block's text (with words after it, or alone in
   * the block), matched once per text and rule.
   */
  private Optional<MatchResult> match(Block b, int r, Memo memo) {
    Known text = memo.matches.computeIfAbsent(b.text(), t -> new Known(gate.scan(t), rules.size()));
    @Nullable Optional<MatchResult>[] known = text.matches;
    if (known[r] == null) {
      if (!text.literals.occurs(r)) {
        known[r] = Optional.empty();
        return known[r];
      }
      Matcher m = memo.matchers[r] == null
          ? (memo.matchers[r] = rules.get(r).pattern().matcher(b.text()))
          : memo.matchers[r].reset(b.text());
      known[r] = m.lookingAt() ? Optional.of(m.toMatchResult()) : Optional.empty();
    }
    return known[r];
  }

  /** What is known of one block text: where the rules' literals occur, and each rule's match, once asked. */
  private static final class Known {
    final Keywords.Scan literals;
    final @Nullable Optional<MatchResult>[] matches;

    @SuppressWarnings("unchecked")
    Known(Keywords.Scan literals, int rules) {
      this.literals = literals;
      this.matches = new Optional[rules];
    }
  }

  /**
   * Cuts the dateline opening the body, if any, and the copies printed right after it. The dateline
   * opens the first block, or stands alone in it with the story after it, or opens a block that
   * only photo captions and short lines without a full stop stand before (a page's "4 days ago",
   * a caption ending "(… via AP)"): the story starts at its dateline, and those go as furniture.
   */
  Optional<Dateline> extract(Body body, CallContext call) {
    if (body.size() == 0) {
      return Optional.empty();
    }
    Optional<Dateline> found = extractAt(body, 0, call);
    for (int k = 1; found.isEmpty() && k <= MAX_LEAD_BLOCKS && k < body.size(); k++) {
      if (!isLead(body.get(k - 1).text())) {
        break;
      }
      found = extractAt(body, k, call);
      for (int j = 0; found.isPresent() && j < k; j++) {
        body.removeBlock(0, CAPTION_KIND, CAPTION_RULE);
      }
    }
    if (found.isPresent()) {
      removeRepeated(body, call);
    }
    return found;
  }

  private Optional<Dateline> extractAt(Body body, int i, CallContext call) {
    Block block = body.get(i);
    boolean storyFollows = body.size() > i + 1;
    for (int r = 0; r < rules.size(); r++) {
      Rule rule = rules.get(r);
      Optional<MatchResult> found = match(block, r, call.datelines).filter(m -> storyFollows || wordsAfter(block, m));
      if (found.isEmpty()) {
        continue;
      }
      MatchResult m = found.get();
      String place = RuleSpec.group(m, "place").map(String::strip).orElse("");
      if (place.isEmpty() || !rule.isPlace(place)) {
        continue;
      }
      Optional<String> region = part(m, "region");
      Optional<String> country = part(m, "country");
      Optional<String> date = part(m, "date");
      Optional<String> agency = part(m, "agency");
      String text = block.text().substring(0, m.end()).strip();
      if (agency.isPresent()) {
        call.provenance.credit(rule.id(), block.index(), 0, text, List.of(agency.get()));
      }
      body.cut(i, 0, m.end(), rule.kind(), rule.id());
      return Optional.of(new Dateline(place, region, country, date, agency));
    }
    return Optional.empty();
  }

  private static Optional<String> part(MatchResult m, String group) {
    return RuleSpec.group(m, group).map(String::strip).filter(s -> !s.isEmpty());
  }

  /** How many caption or furniture blocks may stand before the dateline. */
  static final int MAX_LEAD_BLOCKS = 3;
  /** Longest line, in words, taken for furniture before a dateline when it has no full stop. */
  static final int MAX_LEAD_LINE_WORDS = 8;

  /** What removed[] names the captions and short lines cut before the dateline after them. */
  static final String CAPTION_KIND = "caption";
  static final String CAPTION_RULE = "dateline-after-caption";
  /**
   * How a wire photo caption ends: "(AP Photo/Jane Doe)", "(… via AP)", "(Photo: Reuters)",
   * perhaps followed by "(Uncredited)" or "(File)". Looked for only in the opening block, and only
   * when the next block opens with a dateline.
   */
  private static final Pattern CAPTION_END = Pattern.compile(
      "\\((?:[^()]{0,80}\\bvia\\s+\\p{Lu}[\\p{L}]{1,20}|\\p{Lu}[\\p{L}]{1,20}\\s+Photos?\\b[^()]{0,80}|(?i:photo|image|picture|pic)s?(?:\\s+credit)?\\s*:[^()]{1,60})\\)"
          + "(?:\\s*\\((?i:uncredited|file|file\\s+photo)\\))?\\s*$");
  private static final int CAPTION_TAIL_CHARS = 200;

  /** Whether a block before a dateline is a photo caption or a short line without a full stop. */
  static boolean isLead(String text) {
    String t = text.strip();
    return isPhotoCaption(t) || (Words.countUpTo(t, MAX_LEAD_LINE_WORDS + 1) <= MAX_LEAD_LINE_WORDS && !t.isEmpty()
        && ".!?".indexOf(t.charAt(t.length() - 1)) < 0);
  }

  static boolean isPhotoCaption(String text) {
    return CAPTION_END.matcher(text).region(Math.max(0, text.length() - CAPTION_TAIL_CHARS), text.length()).find();
  }

  /** A dateline printed twice ("Moscow, May 3: Moscow, May 3: …"): the copies after the first go too. */
  void removeRepeated(Body body, CallContext call) {
    for (int guard = 0; guard < 10 && body.size() > 0; guard++) {
      Block first = body.get(0);
      boolean cut = false;
      for (int r = 0; r < rules.size(); r++) {
        Rule rule = rules.get(r);
        Optional<MatchResult> m = match(first, r, call.datelines)
            .filter(found -> wordsAfter(first, found) && rule.isPlace(RuleSpec.group(found, "place").orElse("")));
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
}
