package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import org.jspecify.annotations.Nullable;

/**
 * Stage: the lede printed twice among the opening blocks, once bare and once after the dateline
 * (the bare copy goes), or twice alike (the later copy goes). Immutable; its memo lives in the
 * call's {@link Memo}.
 */
final class DuplicateLede {
  /**
   * The lede printed twice among the first {@code window} blocks. A bare copy that is a prefix of
   * at least {@code minPrefixWords} words of the dated one counts too.
   */
  record Rule(String id, String kind, int window, int minPrefixWords) {
    static Rule of(RuleSpec s) {
      return new Rule(s.id(), s.kind(), s.integer("window", 4, 2, 20), s.integer("minPrefixWords", 12, 3, 1000));
    }
  }

  private final List<Rule> rules;
  private final Datelines datelines;

  DuplicateLede(List<Rule> rules, Datelines datelines) {
    this.rules = List.copyOf(rules);
    this.datelines = datelines;
  }

  /** Each block's lede, read once. */
  static final class Memo {
    private final Map<Block, Lede> ledes = new IdentityHashMap<>();
  }

  void remove(Body body, CallContext call) {
    for (Rule rule : rules) {
      boolean removed = true;
      for (int guard = 0; removed && guard < 10; guard++) {
        removed = false;
        int window = Math.min(rule.window(), body.size());
        if (window < 2) {
          return; // one block: nothing to compare it with (under any rule: every window is at least 2)
        }
        List<Lede> ledes = new ArrayList<>();
        for (int k = 0; k < window; k++) {
          ledes.add(lede(body.get(k), call));
        }
        search:
        for (int i = 0; i < window; i++) {
          for (int j = i + 1; j < window; j++) {
            Lede a = ledes.get(i);
            Lede b = ledes.get(j);
            if (!a.mayRelate(b)) {
              continue; // their opening words differ: neither the same words nor a prefix
            }
            int drop = -1;
            if (a.sameWords(b)) {
              drop = a.dated() && !b.dated() ? j : (b.dated() && !a.dated() ? i : j);
            } else if (b.dated() && !a.dated() && a.isPrefixOf(b, rule.minPrefixWords())) {
              drop = i;
            } else if (a.dated() && !b.dated() && b.isPrefixOf(a, rule.minPrefixWords())) {
              drop = j;
            }
            if (drop >= 0 && a.hasWords()) {
              body.removeBlock(drop, rule.kind(), rule.id());
              removed = true;
              break search;
            }
          }
        }
      }
    }
  }

  private Lede lede(Block b, CallContext call) {
    return call.duplicateLede.ledes.computeIfAbsent(b, block -> {
      Optional<MatchResult> dateline = datelines.at(block, call);
      return dateline.isPresent() ? new Lede(true, block.text().substring(dateline.get().end())) : new Lede(false, block.text());
    });
  }

  /**
   * A block's words after any dateline, for comparing ledes: word hashes first, the lower-cased
   * words (read only when the hashes cannot tell) to decide.
   */
  private static final class Lede {
    /** How many opening words are hashed up front; the rest only when the openings agree. */
    private static final int OPENING_WORDS = 12;
    private final boolean dated;
    private final String text;
    private final long[] opening;
    /** Whether hashes decide for the opening's words, which is all {@link #mayRelate} compares. */
    private final boolean openingDecided;
    private long @Nullable [] hashes;
    private @Nullable Boolean hashesDecide;
    private @Nullable List<String> words;

    Lede(boolean dated, String text) {
      this.dated = dated;
      this.text = text;
      Words.Opening o = Words.opening(text, OPENING_WORDS);
      this.opening = o.hashes();
      this.openingDecided = lowerCasesCharByChar(text, o.end());
    }

    boolean dated() {
      return dated;
    }

    boolean hasWords() {
      return opening.length > 0;
    }

    long[] hashes() {
      if (hashes == null) {
        hashes = opening.length < OPENING_WORDS ? opening : Words.hashes(text);
      }
      return hashes;
    }

    /**
     * Whether the two can be the same words or one a prefix of the other: both need their first
     * words (as many as the shorter opening holds) to agree. When hashes cannot decide, maybe.
     */
    boolean mayRelate(Lede other) {
      int n = Math.min(opening.length, other.opening.length);
      return !openingDecided || !other.openingDecided || Arrays.equals(opening, 0, n, other.opening, 0, n);
    }

    List<String> words() {
      if (words == null) {
        words = Words.lowerCase(text);
      }
      return words;
    }

    boolean sameWords(Lede other) {
      if (text.equals(other.text)) {
        return true; // the usual duplicate: the same sentences, compared at String.equals' speed
      }
      if (hashesDecide() && other.hashesDecide()) {
        // words lower-cased alike compared in place (hashing both first would only repeat the scan)
        return Words.sameLowerCaseWords(text, other.text, Integer.MAX_VALUE);
      }
      return words().equals(other.words());
    }

    /** Whether these words, at least {@code minWords} of them, are a proper prefix of {@code longer}'s. */
    boolean isPrefixOf(Lede longer, int minWords) {
      int n = hashes().length;
      if (n < minWords || n >= longer.hashes().length) {
        return false;
      }
      if (hashesDecide() && longer.hashesDecide()) {
        return Arrays.equals(hashes(), 0, n, longer.hashes(), 0, n) && Words.sameLowerCaseWords(text, longer.text, n);
      }
      return longer.words().subList(0, n).equals(words());
    }

    /** Whether hashes decide for all the words (read only when the openings agree). */
    private boolean hashesDecide() {
      if (hashesDecide == null) {
        hashesDecide = openingDecided && lowerCasesCharByChar(text, text.length());
      }
      return hashesDecide;
    }

    /**
     * Whether {@code String.toLowerCase} of any word of the text before {@code end} equals
     * lower-casing it character by character (as {@link Words#hashes} does): true unless it holds a
     * capital dotted I, a capital sigma (final-sigma rule) or a character outside the BMP.
     */
    private static boolean lowerCasesCharByChar(String text, int end) {
      for (int i = 0; i < end; i++) {
        char c = text.charAt(i);
        if (c >= 0x130 && (c == 0x130 || c == 0x3A3 || Character.isSurrogate(c))) {
          return false;
        }
      }
      return true;
    }
  }
}
