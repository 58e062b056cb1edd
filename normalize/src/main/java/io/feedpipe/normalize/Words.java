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
    int n = 0;
    int i = 0;
    int len = text.length();
    while (i < len) {
      while (i < len && !Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      if (i >= len) {
        break;
      }
      n++;
      if (n >= limit) {
        return limit;
      }
      i = endOfWord(text, i);
    }
    return n;
  }

  /** The words of {@code text}, lower-cased (root locale). */
  static List<String> lowerCase(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int len = text.length();
    while (i < len) {
      while (i < len && !Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      if (i >= len) {
        break;
      }
      int end = endOfWord(text, i);
      out.add(text.substring(i, end).toLowerCase(Locale.ROOT));
      i = end;
    }
    return out;
  }

  /** A 64-bit FNV-1a hash of each word, lower-cased character by character, in order. */
  static long[] hashes(String text) {
    long[] out = new long[16];
    int n = 0;
    int i = 0;
    int len = text.length();
    while (i < len) {
      while (i < len && !Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      if (i >= len) {
        break;
      }
      int end = endOfWord(text, i);
      long h = 0xcbf29ce484222325L;
      for (int k = i; k < end; k++) {
        char c = text.charAt(k);
        h ^= c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : Character.toLowerCase(c);
        h *= 0x100000001b3L;
      }
      if (n == out.length) {
        out = java.util.Arrays.copyOf(out, n * 2);
      }
      out[n++] = h;
      i = end;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static int endOfWord(String text, int start) {
    int i = start;
    int len = text.length();
    while (i < len) {
      char c = text.charAt(i);
      if (isAsciiLetterOrDigit(c)) {
        i++; // the common case, without the Unicode tables
      } else if (c < 0x80 && c != '\'' && c != '.' && c != '-') {
        break; // other ASCII is neither a word character, a mark nor a joiner
      } else if (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
          || Character.getType(c) == Character.COMBINING_SPACING_MARK) {
        i++;
      } else if ((c == '\'' || c == '’' || c == '.' || c == '-') && i + 1 < len && Character.isLetterOrDigit(text.charAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }
}
