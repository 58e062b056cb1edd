package io.feedpipe.normalize;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/**
 * Stage: drops blocks that are page furniture as a whole ("Advertisement", "Follow us on …"), by
 * the paragraph rules. Immutable; its memo lives in the call's {@link Memo}.
 */
final class Furniture {
  private final ParagraphRules rules;

  Furniture(ParagraphRules rules) {
    this.rules = rules;
  }

  ParagraphRules rules() {
    return rules;
  }

  /**
   * The blocks of one call found to be no furniture: blocks are immutable and the rules look at the
   * block alone, so a block found clean once needs no second look in the fixpoint's later passes
   * (nor in the body, when it was found clean in the summary).
   */
  static final class Memo {
    private final Set<Block> clean = Collections.newSetFromMap(new IdentityHashMap<>());
  }

  void remove(Body body, Memo memo) {
    @Nullable Matcher[] matchers = rules.newMatchers(); // reset for each block
    for (int i = 0; i < body.size(); i++) {
      Block b = body.get(i);
      if (memo.clean.contains(b)) {
        continue;
      }
      Optional<ParagraphRule> rule = rules.firstRemoving(b.text(), matchers);
      if (rule.isPresent()) {
        body.removeBlock(i, rule.get().kind(), rule.get().id());
        i--;
      } else {
        memo.clean.add(b);
      }
    }
  }
}
