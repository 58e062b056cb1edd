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
  private final @Nullable KeywordAutomaton automaton;
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
    private KeywordAutomaton.@Nullable Hits automatonHits; // found at the first question about a set of words

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
      return hits().lastEnd(r);
    }

    private KeywordAutomaton.Hits hits() {
      KeywordAutomaton.Hits h = automatonHits;
      if (h == null) {
        h = automatonHits = java.util.Objects.requireNonNull(automaton).find(text, from, to);
      }
      return h;
    }
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
}
