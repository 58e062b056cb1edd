package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One paragraph-like unit of the body: its output tag ({@code p}, {@code h2}…{@code h6},
 * {@code li}, {@code blockquote}), its position in the body as read, and its spans. Blocks are
 * immutable; a cut returns a new block at the same position.
 */
record Block(int index, String tag, List<Span> spans, String text) {

  Block {
    spans = List.copyOf(spans);
  }

  static Block of(int index, String tag, List<Span> spans) {
    StringBuilder sb = new StringBuilder();
    for (Span s : spans) {
      sb.append(s.text());
    }
    return new Block(index, tag, spans, sb.toString());
  }

  /** The link spans with their character ranges in {@link #text()}. */
  List<LinkRange> links() {
    List<LinkRange> out = new ArrayList<>();
    int offset = 0;
    for (Span s : spans) {
      int end = offset + s.text().length();
      if (s.href().isPresent()) {
        out.add(new LinkRange(offset, end, s.href().get(), s.text()));
      }
      offset = end;
    }
    return out;
  }

  /**
   * This block without the characters in [start, end), whitespace collapsed again: what appending
   * the rest of each span and a space for the cut to a {@link BlockBuilder} gives (the spans'
   * text, made by one, needs no second look at its characters).
   */
  Block cut(int start, int end) {
    return cut(start, end, " ");
  }

  /** The block without [start, end), {@code joint} standing where the cut was. */
  Block cut(int start, int end, String joint) {
    BlockBuilder b = new BlockBuilder();
    int offset = 0;
    for (Span s : spans) {
      String text = s.text();
      int spanEnd = offset + text.length();
      b.link(s.href());
      if (spanEnd <= start || offset >= end) {
        b.appendSpanText(text, 0, text.length());
      } else {
        if (start > offset) {
          b.appendSpanText(text, 0, start - offset);
        }
        b.appendSpanText(joint, 0, joint.length());
        if (end < spanEnd) {
          b.appendSpanText(text, end - offset, text.length());
        }
      }
      offset = spanEnd;
    }
    b.link(Optional.empty());
    return of(index, tag, b.take());
  }

  /** A link's range in the block text. */
  record LinkRange(int start, int end, String href, String text) {}
}
