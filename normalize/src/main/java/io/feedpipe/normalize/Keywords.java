package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
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
  private final char[] @Nullable [] singleChars;
  /** Per set of a few words: each literal with the characters its first one folds from. */
  private final @Nullable FirstChars[] fewWords;
  private final @Nullable KeywordAutomaton automaton;
  /** Per set: whether a literal may open with the ASCII pair {@code first * 128 + second}; made at the first question. */
  private final boolean[] @Nullable [] openings;

  private Keywords(List<@Nullable Set<Literal>> sets) {
    List<Set<Literal>> copy = new ArrayList<>();
    for (Set<Literal> set : sets) {
      copy.add(set == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(set)));
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
    this.automaton = any ? new KeywordAutomaton(byAutomaton) : null;
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
    boolean[] table = openings[r];
    if (table == null) {
      table = openings[r] = openings(set); // the same table, should two threads make it at once
    }
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
    private KeywordAutomaton.@Nullable Hits automatonHits; // found at the first question about a set the automaton looks for
    /** Per set looked for by indexOf, what was found, at the first question needing all of it. */
    private final KeywordAutomaton.@Nullable Hits[] direct = new KeywordAutomaton.Hits[sets.size()];

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
      if (byAutomaton(r)) {
        return hits().any(r);
      }
      return !eachByIndexOf(r, (start, end) -> false); // stopped at the first
    }

    /** Where rule {@code r}'s literals start in the stretch, increasing, without repeats (none for a rule without literals). */
    int[] starts(int r) {
      return gated(r) ? found(r).starts(index(r)) : new int[0];
    }

    /** Where rule {@code r}'s literals end in the stretch, increasing, without repeats (none for a rule without literals). */
    int[] ends(int r) {
      return gated(r) ? found(r).ends(index(r)) : new int[0];
    }

    /** Where the last of rule {@code r}'s literals in the stretch ends, or -1 (the stretch's end for a rule without literals). */
    int lastEnd(int r) {
      return gated(r) ? found(r).lastEnd(index(r)) : to;
    }

    /** All of rule {@code r}'s occurrences: the automaton's, or those found by indexOf (kept as set 0 of their own). */
    private KeywordAutomaton.Hits found(int r) {
      if (byAutomaton(r)) {
        return hits();
      }
      KeywordAutomaton.Hits h = direct[r];
      if (h == null) {
        KeywordAutomaton.Hits all = direct[r] = h = new KeywordAutomaton.Hits(1);
        eachByIndexOf(r, (start, end) -> {
          all.add(0, start, end);
          return true;
        });
      }
      return h;
    }

    private int index(int r) {
      return byAutomaton(r) ? r : 0;
    }

    /**
     * Gives {@code each} every occurrence of a set looked for by indexOf (its characters, or its
     * few words' first characters, each place compared), until it returns false; false when it did.
     */
    private boolean eachByIndexOf(int r, Occurrence each) {
      char[] chars = singleChars[r];
      if (chars != null) {
        for (char c : chars) {
          for (int i = text.indexOf(c, from); i >= 0 && i < to; i = text.indexOf(c, i + 1)) {
            if (!each.at(i, i + 1)) {
              return false;
            }
          }
        }
        return true;
      }
      FirstChars few = Objects.requireNonNull(fewWords[r]);
      for (int l = 0; l < few.literals().length; l++) {
        for (char c : few.firsts()[l]) {
          for (int i = text.indexOf(c, from); i >= 0 && i < to; i = text.indexOf(c, i + 1)) {
            int end = few.literals()[l].endAt(text, i, to);
            if (end >= 0 && !each.at(i, end)) {
              return false;
            }
          }
        }
      }
      return true;
    }

    private KeywordAutomaton.Hits hits() {
      KeywordAutomaton.Hits h = automatonHits;
      if (h == null) {
        h = automatonHits = Objects.requireNonNull(automaton).find(text, from, to);
      }
      return h;
    }
  }

  /** Where a literal occurs; whether to go on looking. */
  @FunctionalInterface
  private interface Occurrence {
    boolean at(int start, int end);
  }

  /** Whether rule {@code r}'s set is one the automaton looks for. */
  private boolean byAutomaton(int r) {
    return singleChars[r] == null && fewWords[r] == null;
  }

  /** The first {@code n} values sorted, without repeats. */
  static int[] sortedDistinct(int[] values, int n) {
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
    /** What a search with a pattern costs, roughly, per character of text it runs over. */
    static final double SEARCH_NANOS_PER_CHAR = 8;

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
      for (char c : firstCharacters(l)) {
        if (sb.indexOf(String.valueOf(c)) < 0) {
          sb.append(c);
        }
      }
    }
    return sb.toString().toCharArray();
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
}
