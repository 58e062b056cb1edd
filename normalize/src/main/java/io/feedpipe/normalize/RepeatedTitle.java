package io.feedpipe.normalize;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Stage: drops a first block that repeats the item's title word for word (plain-text bodies often
 * open with it). Immutable; its memo lives in the call's {@link Memo}.
 */
final class RepeatedTitle {
  /** A rule of this stage: its id and the kind its removals have. */
  record Rule(String id, String kind) {}

  private final List<Rule> rules;

  RepeatedTitle(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The title's words, read once; the first block found not to repeat it. */
  static final class Memo {
    private @Nullable List<String> titleWords;
    private @Nullable Block clean;
  }

  void remove(Body body, CallContext call) {
    Memo memo = call.repeatedTitle;
    if (call.title.isEmpty() || body.size() == 0 || body.get(0) == memo.clean) {
      return;
    }
    if (memo.titleWords == null) {
      memo.titleWords = Words.lowerCase(call.title);
    }
    List<String> titleWords = memo.titleWords;
    for (Rule rule : rules) {
      // the word count first: most first blocks are longer than any title
      if (body.size() > 1 && Words.countUpTo(body.get(0).text(), titleWords.size() + 1) == titleWords.size()
          && Words.lowerCase(body.get(0).text()).equals(titleWords)) {
        body.removeBlock(0, rule.kind(), rule.id());
        return;
      }
    }
    // the body only shrinks, so a first block kept once is kept in every later pass
    memo.clean = body.get(0);
  }
}
