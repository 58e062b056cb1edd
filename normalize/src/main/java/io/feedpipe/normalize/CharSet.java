package io.feedpipe.normalize;

import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A set of UTF-16 characters of the BMP, or all characters: what one character of a pattern — a
 * literal under its case flags, a class, the dot — may match. A class is read by asking
 * java.util.regex itself, once, about every character, and only when its members are needed.
 * Immutable and thread-safe.
 */
final class CharSet {
  static final CharSet ALL = new CharSet((BitSet) null, null, true);
  static final CharSet NONE = new CharSet(new BitSet(), null, false);
  /** {@code \s} without UNICODE_CHARACTER_CLASS: what a run of white space is made of. */
  static final char[] SPACE_CHARS = {' ', '\t', '\n', '\u000B', '\f', '\r'};
  static final CharSet SPACE = spaces();
  /** Bound on classes remembered across rules files (a rules file holds a few dozen). */
  private static final int MAX_REMEMBERED = 4096;
  private static final Map<String, CharSet> CLASSES = new ConcurrentHashMap<>();

  /** Every character of the BMP but the surrogates, in order: one search of it reads a class. */
  private static final class EveryChar {
    static final String TEXT = text();

    private static String text() {
      StringBuilder sb = new StringBuilder(0x10000);
      for (int c = 0; c < 0x10000; c++) {
        if (!Character.isSurrogate((char) c)) {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }
  }

  private volatile @Nullable BitSet bits; // null for ALL, or a set not read yet
  private final @Nullable Pattern source;
  /** For a set made of two others, read when its members are needed: the two, and whether it is their union. */
  private final @Nullable CharSet left;
  private final @Nullable CharSet right;
  private final boolean union;
  /** Whether the set may also hold characters outside the BMP (then it is never read as literals). */
  private final boolean beyondBmp;

  private CharSet(@Nullable BitSet bits, @Nullable Pattern source, boolean beyondBmp) {
    this.bits = bits;
    this.source = source;
    this.beyondBmp = beyondBmp;
    this.left = null;
    this.right = null;
    this.union = false;
  }

  private CharSet(CharSet left, CharSet right, boolean union) {
    this.source = null;
    this.left = left;
    this.right = right;
    this.union = union;
    this.beyondBmp = union ? left.beyondBmp || right.beyondBmp : left.beyondBmp && right.beyondBmp;
  }

  private static CharSet spaces() {
    BitSet b = new BitSet();
    for (char c : SPACE_CHARS) {
      b.set(c);
    }
    return new CharSet(b, null, false);
  }

  /**
   * Whether the set holds one of {@code chars}, asked without reading the whole of a class not read
   * yet (a question about a few characters asks the class's pattern about each).
   */
  boolean holdsAny(char... chars) {
    BitSet b = bits;
    for (char c : chars) {
      if (isAll() || (b != null ? b.get(c) : source != null ? source.matcher(String.valueOf(c)).matches()
          : left != null && right != null && (union ? left.holdsAny(c) || right.holdsAny(c) : left.holdsAny(c) && right.holdsAny(c)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether every member of this set is one of {@code chars} (never, for a set that may hold
   * characters beyond the BMP), asked of a class not read yet only until it shows another.
   */
  boolean onlyOf(char... chars) {
    if (isAll() || beyondBmp) {
      return false;
    }
    BitSet b = bits;
    if (b == null && source != null) {
      Matcher m = source.matcher(EveryChar.TEXT);
      while (m.find()) {
        if (String.valueOf(chars).indexOf(EveryChar.TEXT.charAt(m.start())) < 0) {
          return false;
        }
      }
      return true;
    }
    b = java.util.Objects.requireNonNull(bits());
    for (int c = b.nextSetBit(0); c >= 0; c = b.nextSetBit(c + 1)) {
      if (String.valueOf(chars).indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** What a literal character written in a pattern matches under {@code flags}: itself, or those folding alike. */
  static CharSet ofLiteral(char c, int flags) {
    BitSet b = new BitSet();
    if ((flags & Pattern.CASE_INSENSITIVE) != 0) {
      for (char m : CaseFold.foldingTo(CaseFold.of(c))) {
        b.set(m);
      }
    }
    b.set(c);
    return new CharSet(b, null, false);
  }

  /**
   * What a class ({@code [a-z]}, {@code \p{Lu}}, {@code .}) matches under {@code flags}; remembered
   * per source and flags.
   *
   * @throws java.util.regex.PatternSyntaxException when the source is no class on its own
   */
  static CharSet ofClass(String source, int flags) {
    String key = flags + ":" + source;
    CharSet known = CLASSES.get(key);
    if (known != null) {
      return known;
    }
    Pattern pattern = Pattern.compile(source, flags);
    String candidates = (flags & Pattern.UNICODE_CHARACTER_CLASS) != 0 ? null : candidates(source);
    CharSet set;
    if (candidates != null) { // a class written out: its members are among these characters and their foldings
      BitSet b = new BitSet();
      Matcher m = pattern.matcher("");
      for (char c : candidates.toCharArray()) {
        for (char f : CaseFold.foldingTo(CaseFold.of(c))) {
          if (m.reset(String.valueOf(f)).matches()) {
            b.set(f);
          }
        }
      }
      set = new CharSet(b, null, false);
    } else {
      set = new CharSet(null, pattern, mayMatchBeyondBmp(source, flags));
    }
    if (CLASSES.size() < MAX_REMEMBERED) {
      CLASSES.put(key, set);
    }
    return set;
  }

  /**
   * The characters a class written out by its members can match, before case folding: those it
   * lists, those of its ranges and of {@code \s} and {@code \d}; null for any other class
   * (negated, nested, intersected, with properties or other escapes, the dot), which is read by
   * asking about every character.
   */
  static @Nullable String candidates(String source) {
    String inner;
    if (source.equals("\\s")) {
      return String.valueOf(SPACE_CHARS);
    } else if (source.equals("\\d")) {
      return "0123456789";
    } else if (source.length() >= 3 && source.startsWith("[") && source.endsWith("]")) {
      inner = source.substring(1, source.length() - 1);
    } else {
      return null;
    }
    if (inner.isEmpty() || inner.startsWith("^")) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    int previous = -1; // the last single character read, which a '-' may open a range from
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      int single;
      if (c == '\\') {
        if (i + 1 >= inner.length()) {
          return null;
        }
        char e = inner.charAt(++i);
        switch (e) {
          case 's' -> {
            out.append(SPACE_CHARS);
            previous = -1;
            continue;
          }
          case 'd' -> {
            out.append("0123456789");
            previous = -1;
            continue;
          }
          case 't' -> single = '\t';
          case 'n' -> single = '\n';
          case 'r' -> single = '\r';
          case 'f' -> single = '\f';
          case 'a' -> single = '\u0007';
          case 'e' -> single = '\u001B';
          default -> {
            if (Character.isLetterOrDigit(e)) {
              return null; // a property, a word class, a hexadecimal escape and the like
            }
            single = e;
          }
        }
      } else if (c == '[' || (c == '&' && i + 1 < inner.length() && inner.charAt(i + 1) == '&')) {
        return null; // a nested class, an intersection
      } else if (c == '-' && previous >= 0 && i + 1 < inner.length()) {
        char to = inner.charAt(i + 1);
        if (to == '\\' || Character.isSurrogate(to) || to < previous || to - previous > 256) {
          return null;
        }
        for (int r = previous; r <= to; r++) {
          out.append((char) r);
        }
        i++;
        previous = -1;
        continue;
      } else {
        if (Character.isSurrogate(c)) {
          return null;
        }
        single = c;
      }
      out.append((char) single);
      previous = single;
    }
    return out.toString();
  }

  /**
   * Whether a class may match a character outside the BMP (which the search above does not ask
   * about): when it is negated, a property, the dot, a negated predefined class, written with
   * characters or escapes beyond the BMP, or read with UNICODE_CHARACTER_CLASS. Errs towards yes.
   */
  private static boolean mayMatchBeyondBmp(String source, int flags) {
    if ((flags & Pattern.UNICODE_CHARACTER_CLASS) != 0 || source.equals(".")) {
      return true;
    }
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '^' || c >= 0xD800) {
        return true;
      }
      if (c == '\\' && i + 1 < source.length()) {
        char e = source.charAt(i + 1);
        if ("pPDSWHVNxQ".indexOf(e) >= 0) {
          return true;
        }
        if (e == 'u' && i + 5 < source.length() && Integer.parseInt(source.substring(i + 2, i + 6), 16) >= 0xD800) {
          return true;
        }
        i++;
      }
    }
    return false;
  }

  /** The members, read at first need; null for ALL. */
  private @Nullable BitSet bits() {
    BitSet b = bits;
    if (b == null && source != null) {
      b = new BitSet(0x10000);
      Matcher m = source.matcher(EveryChar.TEXT);
      while (m.find()) {
        b.set(EveryChar.TEXT.charAt(m.start()));
      }
      bits = b;
    } else if (b == null && left != null && right != null) {
      b = (BitSet) java.util.Objects.requireNonNull(left.bits()).clone();
      if (union) {
        b.or(right.bits());
      } else {
        b.and(right.bits());
      }
      bits = b;
    }
    return b;
  }

  boolean isAll() {
    return this == ALL;
  }

  boolean contains(char c) {
    BitSet b = bits();
    return b == null || b.get(c);
  }

  /** The members as bits in words, for loops over text; read at first need. */
  private volatile long @Nullable [] words;

  /** Where the run of members ending at {@code end} (exclusive) in {@code text} starts, not before {@code from}. */
  int runStart(String text, int from, int end) {
    long[] words = words();
    int i = end;
    while (i > from && (words == null || isIn(words, text.charAt(i - 1)))) {
      i--;
    }
    return i;
  }

  private long @Nullable [] words() {
    long[] w = this.words;
    if (w == null && !isAll()) {
      w = this.words = java.util.Objects.requireNonNull(bits()).toLongArray();
    }
    return w;
  }

  private static boolean isIn(long[] words, char c) {
    int w = c >>> 6;
    return w < words.length && (words[w] & (1L << c)) != 0;
  }

  /** Where {@code text[from, to)} holds a member, increasing. */
  int[] positionsIn(String text, int from, int to) {
    long[] words = words();
    int[] out = new int[8];
    int n = 0;
    for (int i = from; i < to; i++) {
      if (words == null || isIn(words, text.charAt(i))) {
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, n * 2);
        }
        out[n++] = i;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** The union, read when its members are needed. */
  CharSet union(CharSet other) {
    if (isAll() || other.isAll()) {
      return ALL;
    }
    return other == NONE ? this : this == NONE ? other : new CharSet(this, other, true);
  }

  /** The intersection, read when its members are needed. */
  CharSet intersection(CharSet other) {
    if (isAll()) {
      return other;
    }
    return other.isAll() ? this : new CharSet(this, other, false);
  }

  /** This set with every surrogate: a match starting outside the BMP starts with one. */
  CharSet withSurrogates() {
    if (isAll()) {
      return this;
    }
    BitSet b = new BitSet();
    b.set(Character.MIN_SURROGATE, Character.MAX_SURROGATE + 1);
    return union(new CharSet(b, null, false));
  }

  /**
   * The set as one-character literals, when it is small: a run of white space for {@code \s}'s
   * characters, each character as written when case matters and there are few, else each folded
   * character; null when there are more than {@code max}, none, or some beyond the BMP.
   */
  @Nullable Set<Literal> asLiterals(boolean ignoreCase, int max) {
    if (isAll() || beyondBmp) {
      return null;
    }
    BitSet b = bits;
    if (b == null && source == null) {
      b = bits();
    }
    if (b == null) { // a class not read yet: read only as far as needed to know it is large
      b = new BitSet();
      Set<Integer> folds = new java.util.HashSet<>();
      Matcher m = java.util.Objects.requireNonNull(source).matcher(EveryChar.TEXT);
      while (m.find()) {
        char c = EveryChar.TEXT.charAt(m.start());
        b.set(c);
        folds.add(Literal.isSpace(c) ? (int) ' ' : CaseFold.of(c));
        if (folds.size() > max) {
          return null;
        }
      }
      bits = b;
    }
    if (b.isEmpty()) {
      return null;
    }
    boolean exact = !ignoreCase && b.cardinality() <= max;
    Set<Literal> out = new LinkedHashSet<>();
    for (int c = b.nextSetBit(0); c >= 0; c = b.nextSetBit(c + 1)) {
      if (Literal.isSpace((char) c)) {
        out.add(new Literal(" ", true));
      } else {
        out.add(exact ? new Literal(String.valueOf((char) c), true) : new Literal(String.valueOf((char) CaseFold.of(c)), false));
      }
      if (out.size() > max) {
        return null;
      }
    }
    return out;
  }
}
