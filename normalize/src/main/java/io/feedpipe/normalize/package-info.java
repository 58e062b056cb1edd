/**
 * normalize: a raw feed item in, a clean {@link io.feedpipe.model.Story} out. Pure and total.
 *
 * <p>The door is {@link io.feedpipe.normalize.Normalizer} with its
 * {@link io.feedpipe.normalize.NormalizeRules}; everything else is package-private.
 *
 * <p>Design note. The body (content, else summary; HTML or newline-separated plain text) is read
 * once into a flat list of blocks (paragraphs, headings, list items, quotes), each a run of text
 * spans that may carry a link: simple HTML from its tags, any other through Jsoup, element rules
 * applied on the way. Every other rule works on that model, in a fixed order of stages, each a
 * class holding its rules ({@link io.feedpipe.normalize.Pipeline} keeps the order and runs them to a
 * fixpoint, which is what makes normalizing the output again change nothing); every cut is
 * recorded as a {@link io.feedpipe.model.Removal} naming its rule. What one call finds out — each
 * stage's memo of blocks found clean (blocks are immutable, so once is enough), the provenance —
 * lives in one {@link io.feedpipe.normalize.CallContext}. The clean {@code text} and {@code html}
 * are both written from the surviving blocks, so they never disagree.
 *
 * <p>The rules are data: a YAML file in the jar ({@code default-rules.yaml}) that users extend by
 * id, every field of which says what a rule means. How fast a rule runs is derived, not written:
 * {@link io.feedpipe.normalize.PatternLiterals} reads from each pattern what its matches must hold,
 * and {@link io.feedpipe.normalize.Keywords}, the one gate, runs a pattern only where that occurs.
 *
 * <p>No I/O, clock, logging or metrics happens here; a problem with the input becomes data in the
 * story (a removal, an empty field), never an exception.
 */
@NullMarked
package io.feedpipe.normalize;

import org.jspecify.annotations.NullMarked;
