package io.feedpipe.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * java.util.regex syntax read into a small tree, as far as {@link PatternLiterals} needs it:
 * characters (a literal under its case flags, a class, the dot) as the sets they match, sequences,
 * alternations, repetitions, and what matches no characters (anchors, look-arounds); a part it
 * does not read more closely (a back-reference, {@code \R}) is opaque, and syntax it does not
 * read at all (comments mode, canonical equivalence) is {@link Unsupported}.
 */
final class RegexTree {
  private RegexTree() {}

  /** A construct the analysis does not read: the whole pattern then gets no literals. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String what) {
      super(what, null, false, false);
    }
  }

  sealed interface Node permits Chars, Concat, Alt, Repeat, ZeroWidth, Opaque {}

  /** One character of a set: a literal character (with the case flags it was written under) or a class. */
  record Chars(CharSet set, boolean ignoreCase) implements Node {}

  record Concat(List<Node> items) implements Node {
    Concat {
      items = List.copyOf(items);
    }
  }

  record Alt(List<Node> branches) implements Node {
    Alt {
      branches = List.copyOf(branches);
    }
  }

  /** {@code item{min,max}}; {@code max} -1 for no bound. */
  record Repeat(Node item, int min, int max) implements Node {}

  /**
   * A look-around or anchor: matches no characters. {@code lookahead}: what a positive look-ahead
   * looks for; {@code wordBoundary}: whether this is {@code \b}.
   */
  record ZeroWidth(@Nullable Node lookahead, boolean wordBoundary) implements Node {}

  /** Something that may match anything, the empty string too (a back-reference, {@code \R}, {@code \X}). */
  record Opaque() implements Node {}

  /**
   * The tree of a pattern compiled with {@code flags}.
   *
   * @throws Unsupported for syntax not read
   * @throws IllegalArgumentException for a class that is none on its own
   */
  static Node parse(String pattern, int flags) {
    return new Parser(pattern, flags).parse();
  }

  /**
   * Reads java.util.regex syntax (the pattern compiled already, so it is well-formed) into the tree
   * above, keeping the case flags as Java does: an inline {@code (?i)} holds to the end of its group.
   */
  private static final class Parser {
    private final String p;
    private int at;
    private int flags;

    Parser(String pattern, int flags) {
      this.p = pattern;
      this.flags = flags;
    }

    Node parse() {
      Node n = alternation();
      if (at != p.length()) {
        throw new Unsupported("unbalanced ')' at " + at);
      }
      return n;
    }

    private Node alternation() {
      List<Node> branches = new ArrayList<>();
      branches.add(sequence());
      while (at < p.length() && p.charAt(at) == '|') {
        at++;
        branches.add(sequence());
      }
      return branches.size() == 1 ? branches.getFirst() : new Alt(branches);
    }

    private Node sequence() {
      List<Node> items = new ArrayList<>();
      while (at < p.length() && p.charAt(at) != '|' && p.charAt(at) != ')') {
        Node atom = atom();
        if (atom == null) {
          continue; // an inline flag group: it changed the flags only
        }
        items.add(quantified(atom));
      }
      return items.size() == 1 ? items.getFirst() : new Concat(items);
    }

    private Node quantified(Node atom) {
      Node n = atom;
      while (at < p.length()) {
        char c = p.charAt(at);
        int min;
        int max;
        if (c == '?') {
          min = 0;
          max = 1;
          at++;
        } else if (c == '*') {
          min = 0;
          max = -1;
          at++;
        } else if (c == '+') {
          min = 1;
          max = -1;
          at++;
        } else if (c == '{') {
          int close = p.indexOf('}', at);
          if (close < 0) {
            throw new Unsupported("unclosed repetition");
          }
          String[] bounds = p.substring(at + 1, close).split(",", -1);
          min = Integer.parseInt(bounds[0].strip());
          max = bounds.length == 1 ? min : bounds[1].isBlank() ? -1 : Integer.parseInt(bounds[1].strip());
          at = close + 1;
        } else {
          return n;
        }
        if (at < p.length() && (p.charAt(at) == '?' || p.charAt(at) == '+')) {
          at++; // lazy or possessive: the same strings, or fewer
        }
        n = new Repeat(n, min, max);
      }
      return n;
    }

    /** The next atom, or null for an inline flag group such as {@code (?i)}. */
    private @Nullable Node atom() {
      char c = p.charAt(at);
      switch (c) {
        case '(' -> {
          return group();
        }
        case '[' -> {
          int end = classEnd(at);
          String source = p.substring(at, end);
          at = end;
          return chars(source);
        }
        case '.' -> {
          at++;
          return chars(".");
        }
        case '^', '$' -> {
          at++;
          return new ZeroWidth(null, false);
        }
        case '\\' -> {
          return escape();
        }
        case '*', '+', '?', '{' -> throw new Unsupported("dangling " + c);
        default -> {
          int cp = p.codePointAt(at);
          at += Character.charCount(cp);
          return literal(cp);
        }
      }
    }

    private @Nullable Node group() {
      at++; // (
      int saved = flags;
      boolean lookahead = false;
      boolean lookbehind = false;
      boolean negative = false;
      if (p.startsWith("?", at)) {
        at++;
        char k = p.charAt(at);
        if (k == ':') {
          at++;
        } else if (k == '=' || k == '!') {
          lookahead = true;
          negative = k == '!';
          at++;
        } else if (k == '>') {
          at++; // atomic: the same strings, or fewer
        } else if (k == '<' && (p.startsWith("<=", at) || p.startsWith("<!", at))) {
          lookbehind = true;
          at += 2;
        } else if (k == '<') {
          int close = p.indexOf('>', at);
          at = close + 1; // a named group
        } else {
          // flags: (?idmsuxU-idmsuxU) or (?idmsuxU-idmsuxU:X)
          boolean on = true;
          int f = flags;
          while (at < p.length() && p.charAt(at) != ')' && p.charAt(at) != ':') {
            char x = p.charAt(at++);
            if (x == '-') {
              on = false;
              continue;
            }
            int bit = switch (x) {
              case 'i' -> Pattern.CASE_INSENSITIVE;
              case 'u' -> Pattern.UNICODE_CASE;
              case 's' -> Pattern.DOTALL;
              case 'm' -> Pattern.MULTILINE;
              case 'd' -> Pattern.UNIX_LINES;
              case 'U' -> Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNICODE_CASE;
              default -> throw new Unsupported("flag " + x); // x (comments), c (canonical equivalence)
            };
            f = on ? f | bit : f & ~bit;
          }
          if (p.charAt(at) == ')') {
            at++;
            flags = f; // to the end of the enclosing group
            return null;
          }
          at++; // :
          flags = f;
        }
      }
      Node inner = alternation();
      if (at >= p.length() || p.charAt(at) != ')') {
        throw new Unsupported("unclosed group");
      }
      at++;
      flags = saved;
      if (lookbehind || (lookahead && negative)) {
        return new ZeroWidth(null, false);
      }
      return lookahead ? new ZeroWidth(inner, false) : inner;
    }

    private Node escape() {
      at++; // backslash
      char c = p.charAt(at);
      int start = at - 1;
      switch (c) {
        case 'd', 'D', 's', 'S', 'w', 'W', 'h', 'H', 'v', 'V' -> {
          at++;
          return chars(p.substring(start, at));
        }
        case 'p', 'P' -> {
          at++;
          if (p.charAt(at) == '{') {
            at = p.indexOf('}', at) + 1;
          } else {
            at++;
          }
          return chars(p.substring(start, at));
        }
        case 'b' -> {
          at++;
          if (p.startsWith("{g}", at)) {
            at += 3;
            return new ZeroWidth(null, false);
          }
          return new ZeroWidth(null, true);
        }
        case 'B', 'A', 'G', 'Z', 'z' -> {
          at++;
          return new ZeroWidth(null, false);
        }
        case 'R', 'X' -> {
          at++;
          return new Opaque();
        }
        case 'Q' -> {
          int end = p.indexOf("\\E", at);
          String quoted = p.substring(at + 1, end < 0 ? p.length() : end);
          at = end < 0 ? p.length() : end + 2;
          List<Node> items = new ArrayList<>();
          quoted.codePoints().forEach(cp -> items.add(literal(cp)));
          return items.size() == 1 ? items.getFirst() : new Concat(items);
        }
        case 't', 'n', 'r', 'f', 'a', 'e', '0', 'x', 'u', 'c', 'N' -> {
          return literal(escapedCodePoint());
        }
        default -> {
          if (Character.isLetterOrDigit(c)) {
            throw new Unsupported("escape \\" + c); // back-references and the like
          }
          int cp = p.codePointAt(at);
          at += Character.charCount(cp);
          return literal(cp);
        }
      }
    }

    /** The character an escape such as {@code \t}, {@code \x41}, {@code \u00e9} or {@code \0101} writes; {@code at} is on its letter. */
    private int escapedCodePoint() {
      char c = p.charAt(at++);
      switch (c) {
        case 't' -> {
          return '\t';
        }
        case 'n' -> {
          return '\n';
        }
        case 'r' -> {
          return '\r';
        }
        case 'f' -> {
          return '\f';
        }
        case 'a' -> {
          return '\u0007';
        }
        case 'e' -> {
          return '\u001B';
        }
        case 'c' -> {
          return p.charAt(at++) ^ 64;
        }
        case '0' -> {
          int v = 0;
          int digits = 0;
          while (at < p.length() && digits < 3 && p.charAt(at) >= '0' && p.charAt(at) <= '7') {
            int next = v * 8 + (p.charAt(at) - '0');
            if (next > 0377) {
              break;
            }
            v = next;
            at++;
            digits++;
          }
          return v;
        }
        case 'x' -> {
          if (p.charAt(at) == '{') {
            int close = p.indexOf('}', at);
            int v = Integer.parseInt(p.substring(at + 1, close), 16);
            at = close + 1;
            return v;
          }
          int v = Integer.parseInt(p.substring(at, at + 2), 16);
          at += 2;
          return v;
        }
        case 'u' -> {
          int v = Integer.parseInt(p.substring(at, at + 4), 16);
          at += 4;
          if (Character.isHighSurrogate((char) v) && p.startsWith("\\u", at)) {
            int low = Integer.parseInt(p.substring(at + 2, at + 6), 16);
            if (Character.isLowSurrogate((char) low)) {
              at += 6;
              return Character.toCodePoint((char) v, (char) low);
            }
          }
          return v;
        }
        case 'N' -> {
          int close = p.indexOf('}', at);
          int v = Character.codePointOf(p.substring(at + 1, close));
          at = close + 1;
          return v;
        }
        default -> throw new Unsupported("escape \\" + c);
      }
    }

    /** One code point written as itself. */
    private Node literal(int cp) {
      if (cp > 0xFFFF || Character.isSurrogate((char) cp)) {
        return new Opaque(); // outside the BMP: matched by code point, not read here
      }
      boolean ignoreCase = (flags & Pattern.CASE_INSENSITIVE) != 0;
      return new Chars(CharSet.ofLiteral((char) cp, flags), ignoreCase);
    }

    /** A class, a predefined class or the dot, by what it matches under the current flags. */
    private Node chars(String source) {
      return new Chars(CharSet.ofClass(source, flags), (flags & Pattern.CASE_INSENSITIVE) != 0);
    }

    /** The index after the class opening at {@code start}: nested classes, escapes and quotes skipped. */
    private int classEnd(int start) {
      int i = start + 1;
      if (i < p.length() && p.charAt(i) == '^') {
        i++;
      }
      if (i < p.length() && p.charAt(i) == ']') {
        i++; // a ']' first is a character
      }
      int depth = 1;
      while (i < p.length()) {
        char c = p.charAt(i);
        if (c == '\\') {
          char e = p.charAt(i + 1);
          if (e == 'Q') {
            int end = p.indexOf("\\E", i + 2);
            i = end < 0 ? p.length() : end + 2;
          } else if ((e == 'p' || e == 'P' || e == 'x' || e == 'N') && i + 2 < p.length() && p.charAt(i + 2) == '{') {
            i = p.indexOf('}', i + 2) + 1;
          } else {
            i += 2;
          }
        } else if (c == '[') {
          depth++;
          i++;
          if (i < p.length() && p.charAt(i) == '^') {
            i++;
          }
          if (i < p.length() && p.charAt(i) == ']') {
            i++;
          }
        } else if (c == ']') {
          depth--;
          i++;
          if (depth == 0) {
            return i;
          }
        } else {
          i++;
        }
      }
      throw new Unsupported("unclosed class");
    }
  }
}
