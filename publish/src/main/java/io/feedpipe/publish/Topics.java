package io.feedpipe.publish;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

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

  /**
   * {@code <prefix>.stories.unique}: the first event of each story key and its revisions, keyed by
   * story key. Written by the cluster stage, which creates it; publish does not.
   */
  public String storiesUnique() {
    return prefix + ".stories.unique";
  }

  /**
   * {@code <prefix>.clusters} (compacted): each cluster of copies of one story across outlets, keyed
   * by cluster id. Written by the cluster stage, which creates it; publish does not.
   */
  public String clusters() {
    return prefix + ".clusters";
  }

  /**
   * {@code <prefix>.feeds} (compacted): the feeds managed live, each definition keyed by feed id; a
   * tombstone removes one. Written by {@code feedpipe feeds}, read by the service.
   */
  public String feeds() {
    return prefix + ".feeds";
  }

  /** What a topic is for; its label is the {@code topic} tag of feedpipe's published-records metric. */
  public enum Role {
    STORIES("stories"), FLAGGED("flagged"), FEED_STATUS("feed-status"), DEAD_LETTERS("dead-letters"),
    FEED_STATE("feed-state");

    private final String label;

    Role(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The role of one of these topics; empty for a topic name that is none of them. */
  public Optional<Role> roleOf(String topic) {
    requireNonNull(topic, "topic");
    for (Role role : Role.values()) {
      if (topic.equals(name(role))) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** The topic name of {@code role} under this prefix. */
  public String name(Role role) {
    return switch (role) {
      case STORIES -> stories();
      case FLAGGED -> flagged();
      case FEED_STATUS -> feedStatus();
      case DEAD_LETTERS -> deadLetters();
      case FEED_STATE -> feedState();
    };
  }

  List<String> all() {
    return List.of(stories(), flagged(), feedStatus(), deadLetters(), feedState(), feeds());
  }

  boolean compacted(String topic) {
    return topic.equals(feedStatus()) || topic.equals(feedState()) || topic.equals(feeds());
  }

  @Override
  public String toString() {
    return "Topics[" + prefix + "]";
  }
}
