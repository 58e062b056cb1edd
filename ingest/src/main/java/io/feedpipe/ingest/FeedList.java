package io.feedpipe.ingest;

import io.feedpipe.model.FeedDefinition;
import java.util.List;

/**
 * A feeds file as read: the good entries, and a problem per bad one.
 *
 * @param feeds the valid feeds, in file order, ids unique
 * @param problems one line per problem, as {@code "file:line: reason"}
 */
public record FeedList(List<FeedDefinition> feeds, List<String> problems) {
  public FeedList {
    feeds = List.copyOf(feeds);
    problems = List.copyOf(problems);
  }
}
