package io.feedpipe.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * Something that arrived but could not be turned into stories: a whole feed body that did not
 * parse, or one story that could not be encoded or was too large to publish. Its URL and reason are
 * {@linkplain Redaction redacted} as they are made.
 *
 * @param feedId the feed's id
 * @param feedUrl the URL it was fetched from
 * @param storyId the story, when one story (not the whole feed) failed
 * @param kind machine-readable reason: ingest's for what it could not read ({@code format}: not a
 *     feed; {@code xml}: not well-formed; {@code charset}; {@code empty}; {@code entry-unreadable}:
 *     one item), publish's for a story it could not publish ({@code oversized-story}, {@code
 *     unencodable-story}, {@code kafka-…})
 * @param reason human-readable reason
 * @param payloadSha256 SHA-256 of the whole payload, hex
 * @param payloadBytes size of the whole payload
 * @param payloadHead the first bytes of the payload (at most a few KB), decoded leniently
 * @param at when it happened
 */
public record DeadLetter(
    String feedId,
    URI feedUrl,
    Optional<String> storyId,
    String kind,
    String reason,
    String payloadSha256,
    long payloadBytes,
    String payloadHead,
    Instant at) {

  public DeadLetter {
    requireNonNull(feedId, "feedId");
    feedUrl = Redaction.url(requireNonNull(feedUrl, "feedUrl"));
    requireNonNull(storyId, "storyId");
    requireNonNull(kind, "kind");
    reason = Redaction.text(requireNonNull(reason, "reason"));
    requireNonNull(payloadSha256, "payloadSha256");
    requireNonNull(payloadHead, "payloadHead");
    requireNonNull(at, "at");
  }
}
