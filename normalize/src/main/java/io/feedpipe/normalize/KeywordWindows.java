package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The stretches of a text near the keywords of several rules, found in one pass: for each rule,
 * the windows of {@link #RADIUS} characters each side of every occurrence of one of its keywords
 * (A–Z compared ignoring case, substrings count), merged where they touch or overlap; the whole
 * text for a rule without keywords; none when no keyword of the rule occurs. For a rule whose
 * every match ends with one of its keywords, a window ends one character after the last keyword
 * in it (the pattern's closing {@code \b} still sees the character after): no match can end
 * later. The keywords are matched by an Aho–Corasick automaton (one table step per character,
 * whatever their number). Immutable.
 */
final class KeywordWindows {
  /** How far around a keyword a rule looks, in characters each side. */
  static final int RADIUS = 80;

  /** A rule's keywords, and whether each of its matches ends with one of them. */
  record Rule(List<String> keywords, boolean matchEndsWithKeyword) {
    Rule {
      keywords = List.copyOf(keywords);
    }
  }

  /**
   * A stretch {@code [start, end)} of the text, and where the rule's keywords in it start, in
   * increasing order without repeats (none for a rule without keywords).
   */
  record Window(int start, int end, int[] keywordStarts) {}

  private final List<Rule> rules;
  /** The distinct keywords, A–Z lower-cased. */
  private final String[] keywords;
  /** For each distinct keyword, the rules that list it. */
  private final int[][] rulesOf;
  /** Character classes: each character of some keyword has its own, every other character class 0. */
  private final int[] asciiClass = new int[128];
  private final Map<Character, Integer> otherClass = new HashMap<>();
  private final int classes;
  /** The automaton's transitions, {@code next[state * classes + class]}; state 0 is the root. */
  private final int[] next;
  /** The keywords that end on reaching each state (its own and those of its suffix states). */
  private final int[][] endingAt;
  private final boolean anyEmpty;
  /** What {@link #of} returns for a text without keywords when every rule has some: no windows for any. */
  private final @Nullable List<List<Window>> noWindows;

  KeywordWindows(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    Map<String, List<Integer>> rulesByKeyword = new LinkedHashMap<>();
    for (int r = 0; r < rules.size(); r++) {
      for (String k : rules.get(r).keywords()) {
        List<Integer> list = rulesByKeyword.computeIfAbsent(asciiLowerCase(k), x -> new ArrayList<>());
        if (!list.contains(r)) {
          list.add(r);
        }
      }
    }
    keywords = rulesByKeyword.keySet().toArray(String[]::new);
    rulesOf = rulesByKeyword.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    int nextClass = 1;
    boolean empty = false;
    for (String k : keywords) {
      empty |= k.isEmpty();
      for (char c : k.toCharArray()) {
        if (classOf(c) == 0) {
          if (c < 128) {
            asciiClass[c] = nextClass++;
          } else {
            otherClass.put(c, nextClass++);
          }
        }
      }
    }
    anyEmpty = empty;
    noWindows = rules.stream().allMatch(r -> !r.keywords().isEmpty())
        ? rules.stream().<List<Window>>map(r -> List.of()).toList() : null;
    classes = nextClass;

    // the trie
    List<int[]> trie = new ArrayList<>();
    List<List<Integer>> ends = new ArrayList<>();
    trie.add(newRow());
    ends.add(new ArrayList<>());
    for (int k = 0; k < keywords.length; k++) {
      int state = 0;
      for (char c : keywords[k].toCharArray()) {
        int cls = classOf(c);
        if (trie.get(state)[cls] < 0) {
          trie.get(state)[cls] = trie.size();
          trie.add(newRow());
          ends.add(new ArrayList<>());
        }
        state = trie.get(state)[cls];
      }
      if (!keywords[k].isEmpty()) {
        ends.get(state).add(k);
      }
    }
    // failure links, breadth first, completing the transitions into a DFA
    int states = trie.size();
    next = new int[states * classes];
    int[] fail = new int[states];
    List<List<Integer>> endsAll = new ArrayList<>();
    for (int st = 0; st < states; st++) {
      endsAll.add(new ArrayList<>(ends.get(st)));
    }
    java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
    for (int cls = 0; cls < classes; cls++) {
      int child = trie.get(0)[cls];
      next[cls] = child < 0 ? 0 : child;
      if (child > 0) {
        fail[child] = 0;
        queue.add(child);
      }
    }
    while (!queue.isEmpty()) {
      int st = queue.poll();
      endsAll.get(st).addAll(endsAll.get(fail[st]));
      for (int cls = 0; cls < classes; cls++) {
        int child = trie.get(st)[cls];
        if (child < 0) {
          next[st * classes + cls] = next[fail[st] * classes + cls];
        } else {
          next[st * classes + cls] = child;
          fail[child] = next[fail[st] * classes + cls];
          queue.add(child);
        }
      }
    }
    endingAt = endsAll.stream().map(l -> l.isEmpty() ? null : l.stream().mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
  }

  private int[] newRow() {
    int[] row = new int[classes == 0 ? 1 : classes];
    java.util.Arrays.fill(row, -1);
    return row;
  }

  private int classOf(char c) {
    return c < 128 ? asciiClass[c] : otherClass.getOrDefault(c, 0);
  }

  /** The windows of each rule (in the order given at construction) in {@code text}. */
  List<List<Window>> of(String text) {
    int len = text.length();
    // a rule's list of hits is made at its first: most texts hold no keyword at all
    @Nullable List<int[]> @Nullable [] hits = anyEmpty ? newHits() : null;
    if (anyEmpty) {
      for (int k = 0; k < keywords.length; k++) {
        if (keywords[k].isEmpty()) {
          for (int i = 0; i <= len; i++) {
            hit(hits, k, i, len);
          }
        }
      }
    }
    int state = 0;
    for (int i = 0; i < len; i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      state = next[state * classes + classOf(c)];
      int[] ending = endingAt[state];
      if (ending != null) {
        if (hits == null) {
          hits = newHits();
        }
        for (int k : ending) {
          hit(hits, k, i + 1 - keywords[k].length(), len);
        }
      }
    }
    if (hits == null && noWindows != null) {
      return noWindows;
    }
    List<List<Window>> out = new ArrayList<>(rules.size());
    for (int r = 0; r < rules.size(); r++) {
      Rule rule = rules.get(r);
      out.add(rule.keywords().isEmpty() ? List.of(new Window(0, len, new int[0]))
          : hits == null || hits[r] == null ? List.of() : merged(hits[r], rule.matchEndsWithKeyword(), len));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private @Nullable List<int[]>[] newHits() {
    return new List[rules.size()];
  }

  /** Records a keyword at {@code at} for its rules, as {window start, window end, keyword end, keyword start}. */
  private void hit(@Nullable List<int[]>[] hits, int k, int at, int len) {
    int end = at + keywords[k].length();
    int[] window = {Math.max(0, at - RADIUS), Math.min(len, end + RADIUS), end, at};
    for (int r : rulesOf[k]) {
      if (hits[r] == null) {
        hits[r] = new ArrayList<>();
      }
      hits[r].add(window);
    }
  }

  private static List<Window> merged(List<int[]> hits, boolean endAfterLastKeyword, int len) {
    if (hits.isEmpty()) {
      return List.of();
    }
    if (!sortedByStart(hits)) { // they come in the order their keywords end, almost always also by start
      hits.sort(Comparator.comparingInt(w -> w[0]));
    }
    List<Window> windows = new ArrayList<>();
    int from = 0;
    while (from < hits.size()) {
      int[] first = hits.get(from);
      int end = first[1];
      int lastKeywordEnd = first[2];
      int to = from + 1;
      while (to < hits.size() && hits.get(to)[0] <= end) {
        end = Math.max(end, hits.get(to)[1]);
        lastKeywordEnd = Math.max(lastKeywordEnd, hits.get(to)[2]);
        to++;
      }
      int[] starts = new int[to - from];
      for (int i = from; i < to; i++) {
        starts[i - from] = hits.get(i)[3];
      }
      java.util.Arrays.sort(starts);
      windows.add(new Window(first[0], endAfterLastKeyword ? Math.min(end, Math.min(len, lastKeywordEnd + 1)) : end,
          distinct(starts)));
      from = to;
    }
    return windows;
  }

  /** The sorted {@code values} without repeats (two keywords may start at one place). */
  private static int[] distinct(int[] values) {
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (i == 0 || values[i] != values[i - 1]) {
        values[n++] = values[i];
      }
    }
    return n == values.length ? values : java.util.Arrays.copyOf(values, n);
  }

  private static boolean sortedByStart(List<int[]> hits) {
    for (int i = 1; i < hits.size(); i++) {
      if (hits.get(i)[0] < hits.get(i - 1)[0]) {
        return false;
      }
    }
    return true;
  }

  /** Lower-cases A–Z only, so that offsets stay those of the original text. */
  static String asciiLowerCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] out = s.toCharArray();
        for (int j = i; j < out.length; j++) {
          if (out[j] >= 'A' && out[j] <= 'Z') {
            out[j] = (char) (out[j] + 32);
          }
        }
        return new String(out);
      }
    }
    return s;
  }
}
