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
   * named groups {@code place} and, optionally, {@code date} and {@code agency}.
   */
  record Rule(String id, String kind, Pattern pattern) {
    static Rule of(RuleSpec s, Map<String, List<String>> terms) {
      return new Rule(s.id(), s.kind(), s.requireGroups("pattern", s.pattern("pattern", terms, 0), "place"));
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
      Optional<MatchResult> m = match(b, r, call.datelines);
      if (m.isPresent()) {
        return m;
      }
    }
    return Optional.empty();
  }

  /**
   * Where rule {@code r} matches at the start of the block's text with words after it, matched
   * once per text and rule.
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
      known[r] = m.lookingAt() && Body.hasWords(b.text().substring(m.end())) ? Optional.of(m.toMatchResult()) : Optional.empty();
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

  /** Cuts the dateline opening the body, if any, and the copies printed right after it. */
  Optional<Dateline> extract(Body body, CallContext call) {
    if (body.size() == 0) {
      return Optional.empty();
    }
    Block first = body.get(0);
    for (int r = 0; r < rules.size(); r++) {
      Rule rule = rules.get(r);
      Optional<MatchResult> found = match(first, r, call.datelines);
      if (found.isEmpty()) {
        continue;
      }
      MatchResult m = found.get();
      String place = RuleSpec.group(m, "place").map(String::strip).orElse("");
      if (place.isEmpty()) {
        continue;
      }
      Optional<String> date = RuleSpec.group(m, "date").map(String::strip).filter(s -> !s.isEmpty());
      Optional<String> agency = RuleSpec.group(m, "agency").map(String::strip).filter(s -> !s.isEmpty());
      String text = first.text().substring(0, m.end()).strip();
      if (agency.isPresent()) {
        call.provenance.credit(rule.id(), first.index(), 0, text, List.of(agency.get()));
      }
      body.cut(0, 0, m.end(), rule.kind(), rule.id());
      removeRepeated(body, call);
      return Optional.of(new Dateline(place, date, agency));
    }
    return Optional.empty();
  }

  /** A dateline printed twice ("Moscow, May 3: Moscow, May 3: …"): the copies after the first go too. */
  void removeRepeated(Body body, CallContext call) {
    for (int guard = 0; guard < 10 && body.size() > 0; guard++) {
      Block first = body.get(0);
      boolean cut = false;
      for (int r = 0; r < rules.size(); r++) {
        Rule rule = rules.get(r);
        Optional<MatchResult> m = match(first, r, call.datelines);
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
