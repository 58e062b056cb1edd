package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Words as normalize counts them: runs of letters and digits, joined by an inner apostrophe, dot or hyphen. */
final class Words {
  private Words() {}

  static int count(String text) {
    return countUpTo(text, Integer.MAX_VALUE);
  }

  /** The number of words, or {@code limit} when there are at least that many (the scan stops there). */
  static int countUpTo(String text, int limit) {
    char[] cs = text.toCharArray(); // read by index: charAt costs about three times as much over a Latin-1 string
    int n = 0;
    int i = 0;
    while (i < cs.length) {
      i = nextWordStart(cs, cs.length, i);
      if (i >= cs.length) {
        break;
      }
      n++;
      if (n >= limit) {
        return limit;
      }
      i = endOfWord(cs, cs.length, i);
    }
    return n;
  }

  /** The words of {@code text}, lower-cased (root locale). */
  static List<String> lowerCase(String text) {
    char[] cs = text.toCharArray();
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < cs.length) {
      i = nextWordStart(cs, cs.length, i);
      if (i >= cs.length) {
        break;
      }
      int end = endOfWord(cs, cs.length, i);
      out.add(text.substring(i, end).toLowerCase(Locale.ROOT));
      i = end;
    }
    return out;
  }

  /**
   * Whether the first {@code limit} words of the two texts (all of them, as many in each, for
   * {@link Integer#MAX_VALUE}), lower-cased character by character, are the same — {@code
   * lowerCase(a).subList(0, limit).equals(lowerCase(b).subList(0, limit))} without building the
   * lists, for texts where lower-casing a word equals lower-casing its characters (see {@link #hashes}).
   */
  static boolean sameLowerCaseWords(String a, String b, int limit) {
    char[] as = a.toCharArray();
    char[] bs = b.toCharArray();
    int i = 0;
    int j = 0;
    for (int n = 0; n < limit; n++) {
      i = nextWordStart(as, as.length, i);
      j = nextWordStart(bs, bs.length, j);
      if (i >= as.length || j >= bs.length) {
        return i >= as.length && j >= bs.length && limit == Integer.MAX_VALUE;
      }
      int endA = endOfWord(as, as.length, i);
      int endB = endOfWord(bs, bs.length, j);
      if (endA - i != endB - j) {
        return false;
      }
      for (int k = 0; k < endA - i; k++) {
        if (lower(as[i + k]) != lower(bs[j + k])) {
          return false;
        }
      }
      i = endA;
      j = endB;
    }
    return true;
  }

  /** Where the next word of {@code cs[0, len)} starts at or after {@code from}; {@code len} when none does. */
  private static int nextWordStart(char[] cs, int len, int from) {
    int i = from;
    while (i < len && !startsWord(cs[i])) {
      i++;
    }
    return i;
  }

  private static char lower(char c) {
    return c < 0x80 ? LOWER_ASCII[c] : Character.toLowerCase(c);
  }

  /** A 64-bit FNV-1a hash of each word, lower-cased character by character, in order. */
  static long[] hashes(String text) {
    char[] cs = text.toCharArray(); // one copy: the loop then runs without String's per-character checks
    return scan(cs, cs.length, Integer.MAX_VALUE).hashes();
  }

  /** The {@link #hashes} of a text's first words, and where the last of them ends. */
  record Opening(long[] hashes, int end) {}

  /** {@link #hashes} of the first {@code limit} words (the scan stops there) and where they end; 0 when there are none. */
  static Opening opening(String text, int limit) {
    // an opening is a few hundred characters of what may be a long text: that much is copied
    // first, all of it only when the words read so far reach the end of the part copied
    int part = (int) Math.min(text.length(), (long) OPENING_CHARS_PER_WORD * limit);
    char[] cs = new char[part];
    text.getChars(0, part, cs, 0);
    Opening opening = scan(cs, part, limit);
    if (part < text.length() && (opening.hashes().length < limit || opening.end() + 1 >= part)) {
      // the last word read may go on past the part (or a joiner after it be followed by a letter)
      opening = scan(text.toCharArray(), text.length(), limit);
    }
    return opening;
  }

  /** Characters copied per word wanted before {@link #opening} reads the whole text. */
  private static final int OPENING_CHARS_PER_WORD = 16;

  /** The hashes of the first {@code limit} words of {@code cs[0, len)} and where the last ends. */
  private static Opening scan(char[] cs, int len, int limit) {
    long[] out = new long[Math.min(limit, Math.max(8, len / 5))];
    int n = 0;
    int i = 0;
    int lastEnd = 0;
    while (i < len && n < limit) {
      i = nextWordStart(cs, len, i);
      if (i >= len) {
        break;
      }
      // the word's end found and its hash taken in the same pass (as endOfWord reads it)
      long h = 0xcbf29ce484222325L;
      int end = i;
      while (end < len) {
        char c = cs[end];
        if (!continuesWord(c) && !(isJoiner(c) && end + 1 < len && Character.isLetterOrDigit(cs[end + 1]))) {
          break;
        }
        h = (h ^ lower(c)) * 0x100000001b3L;
        end++;
      }
      if (n == out.length) {
        out = java.util.Arrays.copyOf(out, n * 2);
      }
      out[n++] = h;
      i = end;
      lastEnd = end;
    }
    return new Opening(n == out.length ? out : java.util.Arrays.copyOf(out, n), lastEnd);
  }

  /** ASCII letters and digits: the ASCII characters {@link Character#isLetterOrDigit} accepts. */
  private static final boolean[] ASCII_LETTER_OR_DIGIT = new boolean[128];
  /** ASCII lower-cased. */
  private static final char[] LOWER_ASCII = new char[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_LETTER_OR_DIGIT[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      LOWER_ASCII[c] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
  }

  /** Whether a word starts at {@code c}: {@link Character#isLetterOrDigit}, ASCII from a table. */
  private static boolean startsWord(char c) {
    return c < 0x80 ? ASCII_LETTER_OR_DIGIT[c] : Character.isLetterOrDigit(c);
  }

  /** Letters, digits and combining marks continue a word; an apostrophe, dot or hyphen does when a letter or digit follows. */
  private static boolean isJoiner(char c) {
    return c == '\'' || c == '’' || c == '.' || c == '-';
  }

  private static boolean continuesWord(char c) {
    if (c < 0x80) {
      return ASCII_LETTER_OR_DIGIT[c];
    }
    if (Character.isLetterOrDigit(c)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
  }

  /** Where the word starting at {@code start} ends in {@code cs[0, len)}. */
  private static int endOfWord(char[] cs, int len, int start) {
    int i = start;
    while (i < len) {
      char c = cs[i];
      if (continuesWord(c) || (isJoiner(c) && i + 1 < len && Character.isLetterOrDigit(cs[i + 1]))) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }
}
