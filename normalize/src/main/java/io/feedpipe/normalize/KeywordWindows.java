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
  /**
   * The automaton's transitions, {@code rows[row + class]}, where a state's row is its number times
   * {@link #classes} (so a step is one addition and one load) and the root's row is 0. States at
   * which a keyword ends are numbered last: those rows start at {@link #firstEndingRow}.
   */
  private final int[] rows;
  private final int firstEndingRow;
  /** The keywords that end on reaching each state of a row from {@link #firstEndingRow} on, by state. */
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
            asciiClass[c] = nextClass;
            if (c >= 'a' && c <= 'z') {
              asciiClass[c - 32] = nextClass; // A-Z compared ignoring case
            }
            nextClass++;
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
    int[] next = new int[states * classes];
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
    // renumbered: the states where no keyword ends first (the root among them: no keyword is empty here)
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
        rows[number[st] * classes + cls] = number[next[st * classes + cls]] * classes;
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
    Walk walk = new Walk(text);
    while (walk.next(this)) {
      for (int e = 0; e < walk.ends; e++) {
        if (hits == null) {
          hits = newHits();
        }
        for (int k : endingAt[walk.endRows[e] / classes]) {
          hit(hits, k, walk.endIndexes[e] + 1 - keywords[k].length(), len);
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

  /**
   * The automaton walked over a text a stretch at a time, each stretch ending at the text's end or
   * at the {@value #MAX_ENDS}th state where keywords end. (Its buffers are never replaced inside the
   * loop: with a growable buffer, C2 compiled the walk a third to a half slower.)
   */
  private static final class Walk {
    private static final int MAX_ENDS = 16;
    private final char[] chars; // read by index: a loop of charAt is slower over Latin-1 strings
    private int at;
    private int row;
    /** The stretch's keyword ends: the index of each character where one was reached, and the row. */
    int ends;
    final int[] endIndexes = new int[MAX_ENDS];
    final int[] endRows = new int[MAX_ENDS];

    Walk(String text) {
      chars = text.toCharArray();
    }

    /** Walks the next stretch; false at the end of the text. */
    boolean next(KeywordWindows automaton) {
      if (at >= chars.length) {
        return false;
      }
      int[] rows = automaton.rows;
      int[] asciiClass = automaton.asciiClass;
      int firstEndingRow = automaton.firstEndingRow;
      int row = this.row;
      int n = 0;
      int i = at;
      for (; i < chars.length && n < MAX_ENDS; i++) {
        char c = chars[i];
        row = rows[row + (c < 128 ? asciiClass[c] : automaton.otherClass.getOrDefault(c, 0))];
        if (row >= firstEndingRow) {
          endIndexes[n] = i;
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
