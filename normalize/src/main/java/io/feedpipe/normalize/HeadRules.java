package io.feedpipe.normalize;

import java.util.regex.Pattern;

/** The compiled rules that work on the opening blocks of a body. */
final class HeadRules {
  private HeadRules() {}

  /** The first block repeating the item's title. */
  record RepeatedTitle(String id, String kind) {}

  /**
   * The lede printed twice among the first {@code window} blocks: once bare and once after the
   * dateline (the bare copy goes), or twice alike (the later copy goes). A bare copy that is a
   * prefix of at least {@code minPrefixWords} words of the other counts too.
   */
  record DuplicateLede(String id, String kind, int window, int minPrefixWords) {}

  /**
   * A dateline at the very start of the first block: {@code pattern} must match there and has
   * named groups {@code place} and, optionally, {@code date} and {@code agency}. With {@code
   * keywords}, the pattern only runs on a block holding one of them.
   */
  record Dateline(String id, String kind, Pattern pattern, ContainedKeywords keywords) {}
}
