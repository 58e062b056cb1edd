/**
 * The records that cross feedpipe's stages, and the one rule for showing their URLs.
 *
 * <p>ingest produces {@link io.feedpipe.model.RawItem}s, normalize turns each into a
 * {@link io.feedpipe.model.Story}, publish writes stories together with the feed's
 * {@link io.feedpipe.model.FeedState} and {@link io.feedpipe.model.FeedStatus}. A private feed's
 * definition holds references to its credentials ({@link io.feedpipe.model.SecretRef}), never
 * the secrets; {@link io.feedpipe.model.Redaction} decides how a URL may be shown, and every record
 * that leaves the process applies it as it is made. This module depends on no library, so no stage
 * imports another's internals. All records are immutable; absence is an
 * {@link java.util.Optional} component, lists are copied and never null.
 */
@NullMarked
package io.feedpipe.model;

import org.jspecify.annotations.NullMarked;
