/**
 * ingest: when and how to fetch feeds, and reading what comes back.
 *
 * <p>The door is small: {@link io.feedpipe.ingest.FeedIngestor} polls one feed (fetch, then parse)
 * and returns an {@link io.feedpipe.ingest.IngestResult} that never hides a failure in an exception;
 * {@link io.feedpipe.ingest.FeedScheduler} decides when each feed is polled; {@link
 * io.feedpipe.ingest.FeedsFile} reads the operator's feed list (YAML or OPML). Settings are immutable
 * records ({@link io.feedpipe.ingest.IngestSettings}) validated when built, each message naming its
 * key.
 *
 * <p>Design notes:
 *
 * <ul>
 *   <li>Bytes are fetched with OkHttp, never by Rome: connect, read and whole-call deadlines, a body
 *       cap counted on decompressed bytes, redirects followed by hand (each hop re-checked), and an
 *       address guard applied both to literal hosts and inside OkHttp's {@code Dns}, so the socket
 *       goes to the address that was checked.
 *   <li>Bytes are decoded strictly (BOM, HTTP charset, XML declaration, sniffing), never into U+FFFD
 *       silently; then parsed by the JDK's own SAX parser (pinned, not looked up on the classpath) with
 *       DOCTYPEs refused, before Rome sees a JDOM document. JSON Feed is read with Jackson.
 *   <li>Recovery, never rejection, where the meaning is recoverable: a body the strict parser
 *       refuses is rewritten once ({@code XmlRepair}, no lenient-parser library) and parsed strictly
 *       again; the document is then mended where Rome would misread it ({@code ContentRepair}); an
 *       entry Rome cannot read costs only itself. Every repair is data: on the item it concerns
 *       ({@code RawItem.quality}) or on the feed ({@code FeedStatus.repairs}), by a closed list of
 *       kinds, and counted.
 *   <li>Dates are parsed here, not by Rome, so that zone abbreviations follow the feed's settings
 *       ({@code IST} is India by default) and an unparseable date keeps its raw text.
 *   <li>Everything is keyed by feed id; the only shared state is the HTTP connection pool, the
 *       per-host politeness gates and a bounded memory of the last poll's item identities.
 * </ul>
 */
@NullMarked
package io.feedpipe.ingest;

import org.jspecify.annotations.NullMarked;
