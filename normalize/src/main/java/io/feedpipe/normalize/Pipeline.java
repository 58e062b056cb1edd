package io.feedpipe.normalize;

import io.feedpipe.model.Dateline;
import io.feedpipe.model.Provenance;
import java.util.Optional;

/**
 * The stages that run over a body once it is read, in their fixed order, to a fixpoint: furniture,
 * head and tail (notices, credits), repeated title, related headlines, tail again, duplicate lede;
 * then the dateline, the same again while the dateline exposed more; then attributions. Each
 * stage is a class with its rules; what a call finds out lives in its {@link CallContext}.
 * Immutable and thread-safe.
 */
final class Pipeline {
  /** Bound on clean-up passes; each pass after the first runs only because the one before removed something. */
  static final int MAX_CLEANUP_PASSES = 4;

  private final CompiledRules rules;

  Pipeline(CompiledRules rules) {
    this.rules = rules;
  }

  /** What the stages found besides their cuts. */
  record Result(Optional<Dateline> dateline, Provenance provenance) {}

  Result run(Body body, CallContext call) {
    cleanUp(body, call);
    Optional<Dateline> dateline = rules.datelines().extract(body, call);
    // what the dateline stood before ("Moscow, May 3: Also Read | …") is now exposed, and when that
    // goes with its whole block, the next block may open with the dateline printed again
    for (int pass = 0; dateline.isPresent() && pass < MAX_CLEANUP_PASSES; pass++) {
      int before = body.removalCount();
      cleanUp(body, call);
      rules.datelines().removeRepeated(body, call);
      if (body.removalCount() == before) {
        break;
      }
    }
    rules.attributions().find(body, call);
    return new Result(dateline, call.provenance.build());
  }

  /**
   * Runs the removal stages until they remove nothing more, so that normalizing the output again
   * finds nothing left to remove.
   */
  private void cleanUp(Body body, CallContext call) {
    for (int pass = 0; pass < MAX_CLEANUP_PASSES; pass++) {
      int before = body.removalCount();
      rules.furniture().remove(body, call.furniture);
      rules.noticesAndCredits().trimHead(body, call);
      rules.noticesAndCredits().trimTail(body, call);
      rules.noticesAndCredits().removeInside(body, call);
      rules.repeatedTitle().remove(body, call);
      rules.related().remove(body, call);
      rules.noticesAndCredits().trimTail(body, call);
      rules.duplicateLede().remove(body, call);
      if (body.removalCount() == before) {
        return;
      }
    }
  }
}
