package io.feedpipe.normalize;

import java.net.URI;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The working memory of one normalize call, shared by the stages of the {@link Pipeline}: the
 * item's title and site, the provenance found so far, the sentences of each block text, and each
 * stage's memo — what it found out about blocks, which are immutable, so that the passes run to
 * reach a fixpoint do not repeat it. Owned by one call; not thread-safe.
 */
final class CallContext {
  /** The item's title, cleaned ("" when it has none). */
  final String title;
  /** The registrable part of the item link's host ({@link RelatedHeadlines#siteOf}), when it has a link. */
  final Optional<String> site;
  /** Headlines of the feed's other stories, the evidence for cutting an unlinked one. */
  final HeadlineDictionary headlines;
  final ProvenanceBuilder provenance;
  final Furniture.Memo furniture;
  final NoticesAndCredits.Memo noticesAndCredits = new NoticesAndCredits.Memo();
  final RepeatedTitle.Memo repeatedTitle = new RepeatedTitle.Memo();
  final RelatedHeadlines.Memo related = new RelatedHeadlines.Memo();
  final DuplicateLede.Memo duplicateLede = new DuplicateLede.Memo();
  final Datelines.Memo datelines;
  // block texts are immutable strings, split by several stages: each is split once
  private final Map<String, List<Sentences.Range>> sentences = new IdentityHashMap<>();

  /**
   * @param link the item's link, parsed
   * @param furniture what the furniture stage already found out about these blocks (reading the summary)
   * @param headlines headlines of the feed's other stories
   */
  CallContext(CompiledRules rules, String title, Optional<URI> link, Furniture.Memo furniture, HeadlineDictionary headlines) {
    this.title = title;
    this.headlines = headlines;
    this.site = link.map(u -> RelatedHeadlines.siteOf(u.getHost()));
    this.provenance = new ProvenanceBuilder(rules.agencies());
    this.furniture = furniture;
    this.datelines = new Datelines.Memo(rules.datelines());
  }

  /** The sentences of a block's text, split once per text. */
  List<Sentences.Range> sentencesOf(String blockText) {
    return sentences.computeIfAbsent(blockText, Sentences::split);
  }
}
