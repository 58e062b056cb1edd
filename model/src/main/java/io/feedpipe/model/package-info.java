/**
 * The records that cross feedpipe's stages, and nothing else.
 *
 * <p>ingest produces {@link io.feedpipe.model.RawItem}s, normalize turns each into a
 * {@link io.feedpipe.model.Story}, publish writes stories together with the feed's
 * {@link io.feedpipe.model.FeedState} and {@link io.feedpipe.model.FeedStatus}. This module depends
 * on no library, so no stage imports another's internals. All records are immutable; absence is an
 * {@link java.util.Optional} component, lists are copied and never null.
 */
@NullMarked
package io.feedpipe.model;

import org.jspecify.annotations.NullMarked;
