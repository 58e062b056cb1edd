package io.feedpipe.normalize;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The keyword gate of normalize, its one door: for the rules of a stage, each with the set of
 * {@linkplain Literal literals} derived from its pattern ({@link PatternLiterals}) or none, where
 * those literals occur in a text — so that a pattern runs only where it can match. One case rule
 * throughout: a literal compares as {@link Literal#endAt} says (folded, unless its pattern matches
 * case there; a space for any run of white space).
 *
 * <p>How it looks, which changes nothing of what it finds ({@code KeywordsTest} holds every way
 * equal to trying each literal at each place): a set of single characters by {@code
 * String.indexOf} for each character that folds to one of them (vectorised, far faster than any
 * scan); a set of a few words by {@code indexOf} of their first characters, each place found
 * compared; any other set by an Aho–Corasick automaton over all of them at once, one table step
 * per character whatever their number, run when a text first needs it; at one place, by comparing
 * there, after a table of the two-character ASCII openings turns most places away at one look-up.
 * Immutable and thread-safe; a {@link Scan} belongs to one caller.
 */
final class Keywords {
  /** Per rule, its literals (empty: not gated). */
  private final List<Set<Literal>> sets;
  /**
   * A set of at most this many words, whose first characters are rare in prose (together at most
   * {@link PatternLiterals#RARE_CHARACTERS} of it), is looked for by indexOf of those.
   */
  static final int FEW_WORDS = 4;

  /** Per set: the characters to look for, when every literal of the set is one character. */
  private final char @Nullable [][] singleChars;
  /** Per set of a few words: each literal with the characters its first one folds from. */
  private final @Nullable FirstChars @Nullable [] fewWords;
  private final @Nullable Automaton automaton;
  /** Per set: whether a literal may open with the ASCII pair {@code first * 128 + second}. */
  private final boolean @Nullable [][] openings;

  private Keywords(List<@Nullable Set<Literal>> sets) {
    List<Set<Literal>> copy = new ArrayList<>();
    for (Set<Literal> set : sets) {
      copy.add(set == null ? Set.of() : Set.copyOf(set));
    }
    this.sets = List.copyOf(copy);
    this.singleChars = new char[sets.size()][];
    this.fewWords = new FirstChars[sets.size()];
    this.openings = new boolean[sets.size()][];
    List<List<Literal>> byAutomaton = new ArrayList<>();
    boolean any = false;
    for (int r = 0; r < sets.size(); r++) {
      Set<Literal> set = sets.get(r);
      if (set == null || set.isEmpty()) {
        byAutomaton.add(List.of());
        continue;
      }
      openings[r] = openings(set);
      if (PatternLiterals.singleCharacters(set)) {
        singleChars[r] = charactersOf(set);
        byAutomaton.add(List.of());
      } else if (fewWords(set)) {
        fewWords[r] = new FirstChars(set.toArray(Literal[]::new),
            set.stream().map(Keywords::firstCharacters).toArray(char[][]::new));
        byAutomaton.add(List.of());
      } else {
        byAutomaton.add(List.copyOf(set));
        any = true;
      }
    }
    this.automaton = any ? new Automaton(byAutomaton) : null;
  }

  /** A gate for rules with these sets, in this order; a rule without one (null or empty) is never turned away. */
  static Keywords of(List<@Nullable Set<Literal>> sets) {
    return new Keywords(sets);
  }

  /** A gate for one set, or none. */
  static Keywords of(Optional<Set<Literal>> set) {
    List<@Nullable Set<Literal>> one = new ArrayList<>();
    one.add(set.orElse(null));
    return new Keywords(one);
  }

  int size() {
    return sets.size();
  }

  /** Whether rule {@code r} has literals to look for (else every text may match). */
  boolean gated(int r) {
    return !sets.get(r).isEmpty();
  }

  /** Whether a literal of rule {@code r} starts at {@code i} (always, for a rule without literals). */
  boolean startsAt(int r, CharSequence text, int i) {
    Set<Literal> set = sets.get(r);
    if (set.isEmpty()) {
      return true;
    }
    boolean[] table = java.util.Objects.requireNonNull(openings)[r];
    if (i + 1 < text.length()) {
      char first = text.charAt(i);
      char second = text.charAt(i + 1);
      if (first < 128 && second < 128 && !table[first * 128 + second]) {
        return false;
      }
    }
    for (Literal l : set) {
      if (l.endAt(text, i, text.length()) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Where the rules' literals occur in {@code text[from, to)}, found as each rule asks. */
  Scan scan(String text, int from, int to) {
    return new Scan(text, from, to);
  }

  Scan scan(String text) {
    return new Scan(text, 0, text.length());
  }

  /** The occurrences of the rules' literals in one stretch of one text. Owned by one caller. */
  final class Scan {
    private final String text;
    private final int from;
    private final int to;
    private @Nullable Hits automatonHits; // found at the first question about a set of words

    private Scan(String text, int from, int to) {
      this.text = text;
      this.from = from;
      this.to = to;
    }

    /** Whether a literal of rule {@code r} occurs in the stretch (always, for a rule without literals). */
    boolean occurs(int r) {
      if (!gated(r)) {
        return true;
      }
      char[] chars = java.util.Objects.requireNonNull(singleChars)[r];
      if (chars != null) {
        for (char c : chars) {
          int i = text.indexOf(c, from);
          if (i >= 0 && i < to) {
            return true;
          }
        }
        return false;
      }
      FirstChars few = java.util.Objects.requireNonNull(fewWords)[r];
      if (few != null) {
        for (int l = 0; l < few.literals().length; l++) {
          for (char c : few.firsts()[l]) {
            for (int i = text.indexOf(c, from); i >= 0 && i < to; i = text.indexOf(c, i + 1)) {
              if (few.literals()[l].endAt(text, i, to) >= 0) {
                return true;
              }
            }
          }
        }
        return false;
      }
      return hits().any(r);
    }

    /** Where rule {@code r}'s literals start in the stretch, increasing, without repeats (none for a rule without literals). */
    int[] starts(int r) {
      if (!gated(r)) {
        return new int[0];
      }
      char[] chars = java.util.Objects.requireNonNull(singleChars)[r];
      if (chars != null) {
        int[] out = new int[8];
        int n = 0;
        for (char c : chars) {
          for (int i = text.indexOf(c, from); i >= 0 && i < to; i = text.indexOf(c, i + 1)) {
            if (n == out.length) {
              out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = i;
          }
        }
        return sortedDistinct(out, n);
      }
      FirstChars few = java.util.Objects.requireNonNull(fewWords)[r];
      if (few != null) {
        int[] out = new int[8];
        int n = 0;
        for (int l = 0; l < few.literals().length; l++) {
          for (char c : few.firsts()[l]) {
            for (int i = text.indexOf(c, from); i >= 0 && i < to; i = text.indexOf(c, i + 1)) {
              if (few.literals()[l].endAt(text, i, to) >= 0) {
                if (n == out.length) {
                  out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = i;
              }
            }
          }
        }
        return sortedDistinct(out, n);
      }
      return hits().starts(r);
    }

    /** Where rule {@code r}'s literals end in the stretch, increasing, without repeats (none for a rule without literals). */
    int[] ends(int r) {
      if (!gated(r)) {
        return new int[0];
      }
      int[] starts = starts(r);
      int[] out = new int[starts.length];
      int n = 0;
      // each start's literals, compared there: the sets are small, their occurrences few
      for (int s : starts) {
        for (Literal l : sets.get(r)) {
          int e = l.endAt(text, s, to);
          if (e >= 0) {
            if (n == out.length) {
              out = Arrays.copyOf(out, n * 2 + 1);
            }
            out[n++] = e;
          }
        }
      }
      return sortedDistinct(out, n);
    }

    /** Where the last of rule {@code r}'s literals in the stretch ends, or -1 (the stretch's end for a rule without literals). */
    int lastEnd(int r) {
      if (!gated(r)) {
        return to;
      }
      char[] chars = java.util.Objects.requireNonNull(singleChars)[r];
      if (chars != null) {
        int last = -1;
        for (char c : chars) {
          int i = text.lastIndexOf(c, to - 1);
          if (i >= from) {
            last = Math.max(last, i + 1);
          }
        }
        return last;
      }
      FirstChars few = java.util.Objects.requireNonNull(fewWords)[r];
      if (few != null) {
        int last = -1;
        for (int l = 0; l < few.literals().length; l++) {
          for (char c : few.firsts()[l]) {
            for (int i = text.indexOf(c, from); i >= 0 && i < to; i = text.indexOf(c, i + 1)) {
              last = Math.max(last, few.literals()[l].endAt(text, i, to));
            }
          }
        }
        return last;
      }
      return hits().lastEnd[r];
    }

    private Hits hits() {
      Hits h = automatonHits;
      if (h == null) {
        h = automatonHits = java.util.Objects.requireNonNull(automaton).find(text, from, to);
      }
      return h;
    }
  }

  private static int[] sortedDistinct(int[] values, int n) {
    Arrays.sort(values, 0, n);
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (k == 0 || values[i] != values[k - 1]) {
        values[k++] = values[i];
      }
    }
    return Arrays.copyOf(values, k);
  }

  /**
   * What looking for a set costs, roughly, in nanoseconds on a text of some length (as measured on
   * the machine of the benchmarks): {@code indexOf} about 0.05 ns a character for each character it
   * looks for, a comparison at each place it finds, the automaton about 2.5 ns a character.
   */
  static final class Cost {
    private Cost() {}

    static double of(Set<Literal> set, int length) {
      if (PatternLiterals.singleCharacters(set)) {
        return 0.05 * length * charactersOf(set).length;
      }
      if (fewWords(set)) {
        double firsts = 0;
        double found = 0;
        for (Literal l : set) {
          firsts += firstCharacters(l).length;
          found += Frequency.of(l.text().charAt(0), l.exact());
        }
        return (0.05 * firsts + 10 * found) * length;
      }
      return 2.5 * length;
    }
  }

  /** Whether a set is looked for by indexOf of its literals' first characters: a few words, opening with rare characters. */
  private static boolean fewWords(Set<Literal> set) {
    return set.size() <= FEW_WORDS
        && set.stream().mapToDouble(l -> Frequency.of(l.text().charAt(0), l.exact())).sum() <= PatternLiterals.RARE_CHARACTERS;
  }

  /** A few literals, each with the characters a text may hold where it starts. */
  private record FirstChars(Literal[] literals, char[][] firsts) {}

  /** The characters a text may hold where the literal starts. */
  private static char[] firstCharacters(Literal l) {
    char c = l.text().charAt(0);
    return l.exact() ? new char[] {c} : CaseFold.foldingTo(c);
  }

  /** Every character a text may hold where one of the set's one-character literals occurs. */
  private static char[] charactersOf(Set<Literal> set) {
    StringBuilder sb = new StringBuilder();
    for (Literal l : set) {
      char c = l.text().charAt(0);
      if (l.exact()) {
        sb.append(c);
      } else {
        for (char m : CaseFold.foldingTo(c)) {
          sb.append(m);
        }
      }
    }
    return sb.chars().distinct().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString().toCharArray();
  }

  /** Which two ASCII characters a literal of the set may open with (a literal of one character, any second). */
  private static boolean[] openings(Set<Literal> set) {
    boolean[] table = new boolean[128 * 128];
    for (Literal l : set) {
      boolean[] first = asciiMatching(l, 0);
      boolean[] second = l.text().length() < 2 ? null : asciiMatching(l, 1);
      for (int a = 0; a < 128; a++) {
        if (!first[a]) {
          continue;
        }
        for (int b = 0; b < 128; b++) {
          if (second == null || second[b]) {
            table[a * 128 + b] = true;
          }
        }
      }
    }
    return table;
  }

  /** The ASCII characters the literal's character {@code k} accepts. */
  private static boolean[] asciiMatching(Literal l, int k) {
    boolean[] out = new boolean[128];
    char c = l.text().charAt(k);
    for (int a = 0; a < 128; a++) {
      out[a] = c == ' ' ? Literal.isSpace((char) a) : a == c || (!l.exact() && CaseFold.of(a) == c);
    }
    return out;
  }

  /** Where the literals of each set occurred: their starts as found, and where the last ended. */
  private static final class Hits {
    private final int[][] starts;
    private final int[] count;
    private final int[] lastEnd;

    Hits(int sets) {
      starts = new int[sets][];
      count = new int[sets];
      lastEnd = new int[sets];
      java.util.Arrays.fill(lastEnd, -1);
    }

    void add(int r, int start, int end) {
      int[] s = starts[r];
      if (s == null) {
        s = starts[r] = new int[4];
      } else if (count[r] == s.length) {
        s = starts[r] = Arrays.copyOf(s, count[r] * 2);
      }
      s[count[r]++] = start;
      lastEnd[r] = Math.max(lastEnd[r], end);
    }

    boolean any(int r) {
      return count[r] > 0;
    }

    /** The starts, increasing, without repeats (they come in the order the literals end: almost always increasing). */
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
      return increasing ? Arrays.copyOf(s, n) : sortedDistinct(s, n);
    }
  }

  /**
   * An Aho–Corasick automaton over the folded literals of several sets, white space runs read as
   * one: each character maps to a class (by its folded form; the six white-space characters to one
   * class whose state stays put on more of them), each class and state to the next state, the
   * states where literals end numbered last, so that one comparison tells a step that ends one.
   * Where one ends, its start is read backwards ({@link Literal#startBefore}), which checks a
   * literal that matches case too.
   */
  private static final class Automaton {
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

    Automaton(List<List<Literal>> literalsBySet) {
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
      boolean next(Automaton automaton) {
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
  }
}
