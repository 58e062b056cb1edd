/**
 * publish: Kafka. Encodes story events, creates topics, and commits each poll result — new or
 * changed stories, flagged copies, dead letters, the feed-status record and the feed's new state —
 * in one Kafka transaction.
 *
 * <p>Design note. Exactly once rests on one invariant: a feed's state (its seen keys with content
 * hashes) and the stories decided against it are committed in the same transaction, and the state
 * is only ever taken from what was committed. At start, and after any transaction whose outcome is
 * unknown, the publisher first runs {@code initTransactions()} on a fresh producer (which completes
 * or aborts what a crashed predecessor left open) and then reads the compacted feed-state topic to
 * its end with {@code read_committed}. A poll result retried after a crash or outage is therefore
 * judged against exactly what subscribers have seen: stories already committed are unchanged,
 * stories not committed are published once. Kafka is the only store.
 *
 * <p>What "already committed" means is decided per item, purely, by {@code PollPlanner}: which
 * remembered story the item is ({@code StoryMatcher}: its guid, else its canonical link and
 * fingerprint, so regenerated guids, https moves and tracking parameters make no new story) and
 * whether it changed ({@code ContentHash}: title, text or canonical link — never a date alone);
 * {@code StabilityEvidence} marks feeds whose guids or dates cannot be trusted.
 *
 * <p>Door: {@link io.feedpipe.publish.StoryPublisher} with {@link io.feedpipe.publish.PublishSettings},
 * {@link io.feedpipe.publish.PublishReceipt}, {@link io.feedpipe.publish.Readiness}, the outcomes
 * {@link io.feedpipe.publish.BrokerUnavailableException} (retriable),
 * {@link io.feedpipe.publish.PublisherFencedException} (fatal) and
 * {@link io.feedpipe.publish.RecordRefusedException} (permanent for one poll), {@link io.feedpipe.publish.Topics}
 * and {@link io.feedpipe.publish.StoryEvents} (the event bytes, also for {@code feedpipe preview}).
 * Consumers of the topics must read with {@code isolation.level=read_committed}.
 */
@NullMarked
package io.feedpipe.publish;

import org.jspecify.annotations.NullMarked;
