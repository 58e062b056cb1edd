package io.feedpipe.normalize;

import io.feedpipe.model.Dateline;
import io.feedpipe.model.Provenance;
import java.util.List;
import java.util.Optional;

/**
 * The stages that run over a body once it is read, in their fixed order. One instance per
 * normalization.
 */
final class Pipeline {
  private final CompiledRules rules;
  private final String title;
  private final Optional<String> url;

  Pipeline(CompiledRules rules, String title, Optional<String> url) {
    this.rules = rules;
    this.title = title;
    this.url = url;
  }

  Result run(Body body) {
    removeFurniture(body, rules);
    return new Result(Optional.empty(), new Provenance(false, false, false, List.of(), List.of(), List.of()));
  }

  /** Drops blocks that are page furniture as a whole ("Advertisement", "Follow us on …"). */
  static void removeFurniture(Body body, CompiledRules rules) {
    for (int i = 0; i < body.size(); i++) {
      Block b = body.get(i);
      for (ParagraphRule rule : rules.paragraphs()) {
        if (rule.matches(b)) {
          body.removeBlock(i, rule.kind(), rule.id());
          i--;
          break;
        }
      }
    }
  }

  /** What the stages found besides their cuts. */
  record Result(Optional<Dateline> dateline, Provenance provenance) {}
}
