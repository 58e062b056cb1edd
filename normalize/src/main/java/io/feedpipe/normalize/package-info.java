/**
 * normalize: a raw feed item in, a clean {@link io.feedpipe.model.Story} out. Pure and total.
 *
 * <p>The door is {@link io.feedpipe.normalize.Normalizer} with its
 * {@link io.feedpipe.normalize.NormalizeRules}; everything else is package-private.
 *
 * <p>Design note. The body (content, else summary; HTML or newline-separated plain text) is read
 * once, with Jsoup, into a flat list of blocks (paragraphs, headings, list items, quotes), each a
 * run of text spans that may carry a link. Every boilerplate rule works on that model, in a fixed
 * order of stages (elements while reading; then furniture, head and tail notices and credits,
 * repeated title, related headlines, duplicate lede, run to a fixpoint; dateline; the fixpoint
 * again; attributions), and every cut is recorded as a {@link io.feedpipe.model.Removal} naming
 * its rule. Running to a fixpoint is what makes normalizing the output again change nothing;
 * blocks are immutable, so a block found clean is not examined twice. The clean {@code text} and {@code html} are
 * both written from the surviving blocks, so they never disagree; the HTML is built as Jsoup nodes
 * and passed through a Jsoup {@link org.jsoup.safety.Cleaner}. The rules themselves are data: a
 * YAML file in the jar ({@code default-rules.yaml}) that users extend by id.
 *
 * <p>No I/O, clock, logging or metrics happens here; a problem with the input becomes data in the
 * story (a removal, an empty field), never an exception.
 */
@NullMarked
package io.feedpipe.normalize;

import org.jspecify.annotations.NullMarked;
