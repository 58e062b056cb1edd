package io.feedpipe.normalize;

import io.feedpipe.model.Removal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The working state of one normalization: the surviving blocks in order and what was removed, each
 * removal placed where it stood so that {@link #removals()} comes out in document order. Owned by
 * one {@code normalize} call; not shared.
 */
final class Body {
  private final List<Block> blocks;
  private final List<Placed> removals = new ArrayList<>();

  Body(List<Block> blocks, List<Placed> readRemovals) {
    this.blocks = new ArrayList<>(blocks);
    this.removals.addAll(readRemovals);
  }

  List<Block> blocks() {
    return blocks;
  }

  int size() {
    return blocks.size();
  }

  Block get(int i) {
    return blocks.get(i);
  }

  /** Removes block {@code i} whole, recording it. */
  void removeBlock(int i, String kind, String rule) {
    Block b = blocks.remove(i);
    removals.add(new Placed(b.index(), 0, new Removal(kind, rule, b.text())));
  }

  /** Cuts [start, end) out of block {@code i}, recording the trimmed cut text; drops the block if nothing readable is left. */
  void cut(int i, int start, int end, String kind, String rule) {
    cut(i, start, end, " ", kind, rule);
  }

  /**
   * Cuts [start, end) out of block {@code i} as {@link #cut(int, int, int, String, String)}, with
   * {@code joint} where the cut was ("" for a cut between a word and its punctuation).
   */
  void cut(int i, int start, int end, String joint, String kind, String rule) {
    Block b = blocks.get(i);
    String removed = b.text().substring(start, end).strip();
    removals.add(new Placed(b.index(), start, new Removal(kind, rule, removed)));
    Block rest = b.cut(start, end, joint);
    if (hasWords(rest.text())) {
      blocks.set(i, rest);
    } else {
      blocks.remove(i);
    }
  }

  /** Records a removal that happened while reading (an element dropped before it became a block). */
  void record(int blockIndex, int offset, Removal removal) {
    removals.add(new Placed(blockIndex, offset, removal));
  }

  int removalCount() {
    return removals.size();
  }

  List<Removal> removals() {
    return removals.stream()
        .sorted(Comparator.comparingInt(Placed::blockIndex).thenComparingInt(Placed::offset))
        .map(Placed::removal)
        .toList();
  }

  static boolean hasWords(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetterOrDigit(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** A removal and where it stood: the index of the block it was in or before, and the offset in it. */
  record Placed(int blockIndex, int offset, Removal removal) {}
}
