package io.feedpipe.normalize;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Aho–Corasick automaton over the folded literals of several sets, white space runs read as
 * one: each character maps to a class (by its folded form; the six white-space characters to one
 * class whose state stays put on more of them), each class and state to the next state, the
 * states where literals end numbered last, so that one comparison tells a step that ends one.
 * Where one ends, its start is read backwards ({@link Literal#startBefore}), which checks a
 * literal that matches case too. Behind {@link Keywords}, which alone uses it. Immutable; the
 * {@link Hits} of a walk belong to its caller.
 */
final class KeywordAutomaton {
  private final int sets;
  private final Literal[] literals;
  /** For each literal, the sets that hold it. */
  private final int[][] setsOf;
  /** Each character's class; characters past the end have class 0 (no literal holds them). */
  private final int[] classOf;
  private final int classes;
  /** {@code rows[row + class]}: a state's row is its number times {@link #classes}; the root's is 0. */
  private final int[] rows;
  private final int firstEndingRow;
  /** The literals ending on reaching each state from {@link #firstEndingRow} on, by state. */
  private final int[][] endingAt;

  KeywordAutomaton(List<List<Literal>> literalsBySet) {
    this.sets = literalsBySet.size();
    Map<Literal, List<Integer>> owners = new LinkedHashMap<>();
    for (int r = 0; r < literalsBySet.size(); r++) {
      for (Literal l : literalsBySet.get(r)) {
        List<Integer> list = owners.computeIfAbsent(l, x -> new ArrayList<>());
        if (!list.contains(r)) {
          list.add(r);
        }
      }
    }
    literals = owners.keySet().toArray(Literal[]::new);
    setsOf = owners.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);

    // classes: one per folded character of any literal (its foldings share it), one for white space
    Map<Character, Integer> classOfFolded = new LinkedHashMap<>();
    int space = 1;
    int next = 2;
    int maxChar = 0;
    for (Literal l : literals) {
      for (char c : folded(l).toCharArray()) {
        if (c != ' ' && !classOfFolded.containsKey(c)) {
          classOfFolded.put(c, next++);
          for (char m : CaseFold.foldingTo(c)) {
            maxChar = Math.max(maxChar, m);
          }
        }
      }
    }
    classes = next;
    classOf = new int[Math.max(Math.max(maxChar, '\r'), 127) + 1];
    for (Map.Entry<Character, Integer> e : classOfFolded.entrySet()) {
      for (char m : CaseFold.foldingTo(e.getKey())) {
        classOf[m] = e.getValue();
      }
    }
    for (char c : new char[] {' ', '\t', '\n', '\u000B', '\f', '\r'}) {
      classOf[c] = space;
    }

    // the trie
    List<int[]> trie = new ArrayList<>();
    List<List<Integer>> ends = new ArrayList<>();
    List<Boolean> bySpace = new ArrayList<>(); // whether the state is reached by white space
    trie.add(newRow());
    ends.add(new ArrayList<>());
    bySpace.add(false);
    for (int k = 0; k < literals.length; k++) {
      int state = 0;
      for (char c : folded(literals[k]).toCharArray()) {
        int cls = c == ' ' ? space : classOfFolded.get(c);
        if (trie.get(state)[cls] < 0) {
          trie.get(state)[cls] = trie.size();
          trie.add(newRow());
          ends.add(new ArrayList<>());
          bySpace.add(cls == space);
        }
        state = trie.get(state)[cls];
      }
      ends.get(state).add(k);
    }
    // failure links, breadth first, completing the transitions into a DFA
    int states = trie.size();
    int[] delta = new int[states * classes];
    int[] fail = new int[states];
    List<List<Integer>> endsAll = new ArrayList<>();
    for (int st = 0; st < states; st++) {
      endsAll.add(new ArrayList<>(ends.get(st)));
    }
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int cls = 0; cls < classes; cls++) {
      int child = trie.get(0)[cls];
      delta[cls] = child < 0 ? 0 : child;
      if (child > 0) {
        queue.add(child);
      }
    }
    while (!queue.isEmpty()) {
      int st = queue.poll();
      endsAll.get(st).addAll(endsAll.get(fail[st]));
      for (int cls = 0; cls < classes; cls++) {
        int child = trie.get(st)[cls];
        if (child < 0) {
          delta[st * classes + cls] = delta[fail[st] * classes + cls];
        } else {
          delta[st * classes + cls] = child;
          fail[child] = delta[fail[st] * classes + cls];
          queue.add(child);
        }
      }
    }
    // a run of white space is one step: a state reached by white space stays on more of it
    for (int st = 0; st < states; st++) {
      if (bySpace.get(st)) {
        delta[st * classes + space] = st;
      }
    }
    // renumbered: the states where no literal ends first (the root among them: no literal is empty)
    int[] number = new int[states];
    int numbered = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (int st = 0; st < states; st++) {
        if (endsAll.get(st).isEmpty() == (pass == 0)) {
          number[st] = numbered++;
        }
      }
    }
    rows = new int[states * classes];
    endingAt = new int[states][];
    int nonEnding = 0;
    for (int st = 0; st < states; st++) {
      for (int cls = 0; cls < classes; cls++) {
        rows[number[st] * classes + cls] = number[delta[st * classes + cls]] * classes;
      }
      if (endsAll.get(st).isEmpty()) {
        nonEnding++;
      } else {
        endingAt[number[st]] = endsAll.get(st).stream().mapToInt(Integer::intValue).toArray();
      }
    }
    firstEndingRow = nonEnding * classes;
  }

  private int[] newRow() {
    int[] row = new int[classes];
    Arrays.fill(row, -1);
    return row;
  }

  /** A literal's characters as the automaton reads them: folded. */
  private static String folded(Literal l) {
    return l.exact() ? CaseFold.fold(l.text()) : l.text();
  }

  /** Where the literals of each set occur in {@code text[from, to)}. */
  Hits find(String text, int from, int to) {
    Hits hits = new Hits(sets);
    Walk walk = new Walk(text, from, to);
    while (walk.next(this)) {
      for (int e = 0; e < walk.ends; e++) {
        int end = walk.endIndexes[e] + 1;
        for (int k : endingAt[walk.endRows[e] / classes]) {
          int start = literals[k].startBefore(text, end, from);
          if (start >= 0) { // else a literal that matches case, met in another case
            for (int r : setsOf[k]) {
              hits.add(r, start, end);
            }
          }
        }
      }
    }
    return hits;
  }

  /**
   * The automaton walked over a text a stretch at a time, each stretch ending at the text's end
   * or at the {@value #MAX_ENDS}th state where literals end. (Its buffers are never replaced
   * inside the loop: with a growable buffer, C2 compiled the walk a third to a half slower.)
   */
  private static final class Walk {
    private static final int MAX_ENDS = 16;
    private final char[] chars; // the stretch, read by index: a loop of charAt is slower over Latin-1 strings
    private final int offset;
    private int at;
    private int row;
    /** The stretch's literal ends: the index in the text of each character where one was reached, and the row. */
    int ends;
    final int[] endIndexes = new int[MAX_ENDS];
    final int[] endRows = new int[MAX_ENDS];

    Walk(String text, int from, int to) {
      this.chars = new char[to - from];
      text.getChars(from, to, chars, 0);
      this.offset = from;
    }

    /** Walks the next stretch; false at the end of the text. */
    boolean next(KeywordAutomaton automaton) {
      char[] chars = this.chars;
      if (at >= chars.length) {
        return false;
      }
      int[] rows = automaton.rows;
      int[] classOf = automaton.classOf;
      int limit = classOf.length;
      int firstEndingRow = automaton.firstEndingRow;
      int row = this.row;
      int n = 0;
      int i = at;
      for (; i < chars.length && n < MAX_ENDS; i++) {
        char c = chars[i];
        row = rows[row + (c < 128 ? classOf[c] : c < limit ? classOf[c] : 0)];
        if (row >= firstEndingRow) {
          endIndexes[n] = i + offset;
          endRows[n] = row;
          n++;
        }
      }
      ends = n;
      at = i;
      this.row = row;
      return true;
    }
  }

  /** Where the literals of each set occurred: their starts as found, and where the last ended. */
  static final class Hits {
    private final int[][] starts;
    private final int[][] ends;
    private final int[] count;
    private final int[] lastEnd;

    Hits(int sets) {
      starts = new int[sets][];
      ends = new int[sets][];
      count = new int[sets];
      lastEnd = new int[sets];
      java.util.Arrays.fill(lastEnd, -1);
    }

    void add(int r, int start, int end) {
      int[] s = starts[r];
      if (s == null) {
        s = starts[r] = new int[4];
        ends[r] = new int[4];
      } else if (count[r] == s.length) {
        s = starts[r] = Arrays.copyOf(s, count[r] * 2);
        ends[r] = Arrays.copyOf(ends[r], count[r] * 2);
      }
      ends[r][count[r]] = end;
      s[count[r]++] = start;
      lastEnd[r] = Math.max(lastEnd[r], end);
    }

    /** The ends, increasing, without repeats. */
    int[] ends(int r) {
      return count[r] == 0 ? new int[0] : Keywords.sortedDistinct(ends[r].clone(), count[r]);
    }

    boolean any(int r) {
      return count[r] > 0;
    }

    /** Where the last literal of set {@code r} ended, or -1. */
    int lastEnd(int r) {
      return lastEnd[r];
    }

    /** The starts, increasing, without repeats (the automaton finds them in the order the literals end: almost always increasing). */
    int[] starts(int r) {
      int n = count[r];
      if (n == 0) {
        return new int[0];
      }
      int[] s = starts[r];
      boolean increasing = true;
      for (int i = 1; i < n && increasing; i++) {
        increasing = s[i] > s[i - 1];
      }
      return increasing ? Arrays.copyOf(s, n) : Keywords.sortedDistinct(s.clone(), n);
    }
  }
}
