package io.feedpipe.publish;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The names of feedpipe's topics under one prefix (default {@code feedpipe}).
 *
 * <p>Consumers of every topic should read with {@code isolation.level=read_committed}: records
 * are written in transactions, and only a committed transaction's records are the truth.
 */
public final class Topics {
  private final String prefix;

  public Topics(String prefix) {
    this.prefix = requireNonNull(prefix, "prefix");
  }

  /** {@code <prefix>.stories}: every story event, keyed by story id. */
  public String stories() {
    return prefix + ".stories";
  }

  /** {@code <prefix>.stories.flagged}: copies of the events of stories flagged auto-generated or unedited. */
  public String flagged() {
    return prefix + ".stories.flagged";
  }

  /** {@code <prefix>.feed-status} (compacted): the last poll of each feed, keyed by feed id. */
  public String feedStatus() {
    return prefix + ".feed-status";
  }

  /** {@code <prefix>.dead-letters}: what could not be read or published, keyed by feed id. */
  public String deadLetters() {
    return prefix + ".dead-letters";
  }

  /** {@code <prefix>.feed-state} (compacted, internal): each feed's state, keyed by feed id. */
  public String feedState() {
    return prefix + ".feed-state";
  }

  List<String> all() {
    return List.of(stories(), flagged(), feedStatus(), deadLetters(), feedState());
  }

  boolean compacted(String topic) {
    return topic.equals(feedStatus()) || topic.equals(feedState());
  }

  @Override
  public String toString() {
    return "Topics[" + prefix + "]";
  }
}
