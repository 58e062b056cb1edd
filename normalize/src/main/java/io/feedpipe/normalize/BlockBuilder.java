package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Accumulates the text of one block: whitespace collapsed across spans, no leading or trailing
 * space, invisible characters dropped, adjacent text with the same link merged into one span.
 */
final class BlockBuilder {
  private final List<Span> spans = new ArrayList<>();
  private final StringBuilder current = new StringBuilder();
  private Optional<String> currentHref = Optional.empty();
  private boolean pendingSpace;
  private boolean endsWithSpace;
  private int length;

  void link(Optional<String> href) {
    if (href.equals(currentHref)) {
      return;
    }
    if (pendingSpace && length > 0 && !endsWithSpace) {
      current.append(' ');
      length++;
      endsWithSpace = true;
    }
    pendingSpace = false;
    flushSpan();
    currentHref = href;
  }

  void append(CharSequence s) {
    if (s instanceof String str && appendPlain(str)) {
      return;
    }
    int len = s.length();
    int i = 0;
    while (i < len) {
      char c = s.charAt(i);
      if (TextCleaner.isSpace(c)) {
        pendingSpace = true;
        i++;
      } else if (TextCleaner.isInvisible(c)) {
        i++;
      } else {
        // a run of visible, non-space characters goes in with one append
        int end = i + 1;
        while (end < len && !TextCleaner.isSpace(s.charAt(end)) && !TextCleaner.isInvisible(s.charAt(end))) {
          end++;
        }
        appendRun(s, i, end);
        i = end;
      }
    }
  }

  /**
   * Appends, in one piece, text that needs no collapsing: visible characters with single plain
   * spaces between them (most text nodes). Returns false, having appended nothing, for other text.
   */
  private boolean appendPlain(String s) {
    int len = s.length();
    if (len == 0 || s.charAt(0) == ' ' || s.charAt(len - 1) == ' ') {
      return false;
    }
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c == ' ') {
        if (s.charAt(i + 1) == ' ') { // the last character is no space, so i + 1 < len
          return false;
        }
      } else if (c < ' ' || c == '\u007F' || (c >= 0x80 && (TextCleaner.isSpace(c) || TextCleaner.isInvisible(c)))) {
        return false;
      }
    }
    appendPlainUnchecked(s);
    return true;
  }

  /**
   * Appends text already known to need no collapsing ({@link TextCleaner#isCleanPlainText}): what
   * {@link #append} does with it, without looking at its characters again.
   */
  void appendPlainUnchecked(String s) {
    appendRun(s, 0, s.length());
  }

  /**
   * Appends part of a span's text — single plain spaces between visible characters, perhaps one
   * at either end, which is all a span holds — doing what {@link #append} does with it, without
   * looking at its characters: a space at either end becomes a pending one, the rest goes in whole.
   */
  void appendSpanText(String s, int from, int to) {
    if (from < to && s.charAt(from) == ' ') {
      pendingSpace = true;
      from++;
    }
    boolean spaceAfter = from < to && s.charAt(to - 1) == ' ';
    if (spaceAfter) {
      to--;
    }
    if (from < to) {
      appendRun(s, from, to);
    }
    if (spaceAfter) {
      pendingSpace = true;
    }
  }

  /**
   * Appends {@code s[from, to)}, which starts and ends with no space: after the space pending
   * before it, if the block has text and does not end with a space already.
   */
  private void appendRun(CharSequence s, int from, int to) {
    if (pendingSpace && length > 0 && !endsWithSpace) {
      current.append(' ');
      length++;
    }
    pendingSpace = false;
    current.append(s, from, to);
    length += to - from;
    endsWithSpace = false;
  }

  boolean isEmpty() {
    return length == 0;
  }

  /** The spans so far; the builder is reset. */
  List<Span> take() {
    flushSpan();
    // a trailing space can only sit at the end of the last span: drop it
    if (!spans.isEmpty()) {
      Span last = spans.getLast();
      if (last.text().endsWith(" ")) {
        String t = last.text().substring(0, last.text().length() - 1);
        spans.removeLast();
        if (!t.isEmpty()) {
          spans.add(new Span(t, last.href()));
        }
      }
    }
    List<Span> out = List.copyOf(spans);
    spans.clear();
    length = 0;
    pendingSpace = false;
    endsWithSpace = false;
    return out;
  }

  private void flushSpan() {
    if (current.length() > 0) {
      if (!spans.isEmpty() && spans.getLast().href().equals(currentHref)) {
        Span last = spans.removeLast();
        spans.add(new Span(last.text() + current, currentHref));
      } else {
        spans.add(new Span(current.toString(), currentHref));
      }
      current.setLength(0);
    }
  }
}
