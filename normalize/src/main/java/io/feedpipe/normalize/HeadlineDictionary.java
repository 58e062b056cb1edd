package io.feedpipe.normalize;

import static java.util.Objects.requireNonNull;

import io.feedpipe.model.RawItem;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Headlines the caller has seen in the same feed — the titles of the other items of the same poll,
 * and of recent stories of that feed — so that an unlinked Title-Case line closing a paragraph is
 * cut as a related headline only when it is one of them: without that evidence, the words stay.
 * Compared by their words, case and punctuation aside. Bounded ({@value #MAX_HEADLINES} headlines;
 * more are ignored) and immutable; normalize does no I/O, so the caller brings it.
 */
public final class HeadlineDictionary {
  /** The most headlines one dictionary holds. */
  public static final int MAX_HEADLINES = 5_000;
  /** A headline longer than this (in characters) is no headline. */
  static final int MAX_HEADLINE_CHARS = 400;

  private static final HeadlineDictionary EMPTY = new HeadlineDictionary(Set.of());

  private final Set<String> keys;

  private HeadlineDictionary(Set<String> keys) {
    this.keys = keys;
  }

  /** No headlines: no unlinked line is cut as a related headline. */
  public static HeadlineDictionary empty() {
    return EMPTY;
  }

  /** The given titles (blank and over-long ones skipped, at most {@value #MAX_HEADLINES}). */
  public static HeadlineDictionary of(Collection<String> titles) {
    requireNonNull(titles, "titles");
    Set<String> keys = new HashSet<>();
    for (String t : titles) {
      if (keys.size() >= MAX_HEADLINES) {
        break;
      }
      if (t != null && t.length() <= MAX_HEADLINE_CHARS) {
        String k = key(t);
        if (!k.isEmpty()) {
          keys.add(k);
        }
      }
    }
    return new HeadlineDictionary(Set.copyOf(keys));
  }

  /** The titles of these items: what a poll of one feed brought. */
  public static HeadlineDictionary ofTitlesOf(Collection<RawItem> items) {
    requireNonNull(items, "items");
    return of(items.stream().map(i -> i.title().orElse("")).toList());
  }

  /** Whether {@code line} is one of the headlines, other than {@code ownTitle}. */
  boolean contains(String line, String ownTitle) {
    if (keys.isEmpty() || line.length() > MAX_HEADLINE_CHARS) {
      return false;
    }
    String k = key(line);
    return !k.isEmpty() && keys.contains(k) && !k.equals(key(ownTitle));
  }

  int size() {
    return keys.size();
  }

  /** The words of a headline, lower-cased, one space apart: letters and digits only. */
  static String key(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean gap = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        if (gap && !sb.isEmpty()) {
          sb.append(' ');
        }
        gap = false;
        sb.append(c);
      } else if (c != '\'' && c != '’') {
        gap = true;
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }
}
