package io.feedpipe.normalize;

import io.feedpipe.normalize.RegexTree.Alt;
import io.feedpipe.normalize.RegexTree.Chars;
import io.feedpipe.normalize.RegexTree.Concat;
import io.feedpipe.normalize.RegexTree.Node;
import io.feedpipe.normalize.RegexTree.Opaque;
import io.feedpipe.normalize.RegexTree.Repeat;
import io.feedpipe.normalize.RegexTree.ZeroWidth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What every match of a java.util.regex pattern must hold, read from the pattern itself: the
 * literals one of which every match starts with, ends with or contains, and the characters a match
 * can start with — the prefilter that literal-prefilter engines (Hyperscan, Google Code Search)
 * derive, so that no rule needs keywords written by hand.
 *
 * <p>The pattern is read into a small syntax tree ({@link RegexTree}) and each node answers, bottom up, as Code
 * Search's regexp analysis does: the set of strings it matches when that set is small ({@code
 * exact}), the literals its matches start and end with, and a few sets ("clauses") one literal of
 * which each match contains. A concatenation multiplies exact sets out while they stay small; an
 * alternation unites what its branches say; an optional or starred part says nothing (it may be
 * empty); a character class of a few characters stands for each of them, a larger one says
 * nothing; look-arounds and anchors match no characters. Case-insensitive parts give {@linkplain
 * CaseFold folded} literals, others exact ones; white space ({@code \s}, a space, {@code \s+})
 * gives a {@link Literal} space, a run of white space.
 *
 * <p>Every answer may admit more than the pattern does, never less: a part the analysis does not
 * understand (a back-reference, comments mode, canonical equivalence, characters outside the BMP)
 * says nothing, and a pattern it cannot read at all gets no literals — it then runs ungated,
 * slower and never wrong. Immutable.
 */
final class PatternLiterals {
  /** Most literals a set may hold before it is shortened or dropped. */
  static final int MAX_LITERALS = 64;
  /** Longest literal kept, in characters (a longer one is cut: a piece of what must occur still must). */
  static final int MAX_LITERAL_CHARS = 32;
  /** How many contains-sets (the most selective) each node keeps. */
  private static final int MAX_CLAUSES = 4;
  /** A class of at most this many characters (or folded characters) stands for each of them. */
  private static final int MAX_CLASS_LITERALS = 10;

  /** Of {@link #maxSpaceRuns}: any number. */
  private static final int UNBOUNDED = Integer.MAX_VALUE;
  private static final PatternLiterals NOTHING = new PatternLiterals(null, null, List.of(), null, null, null, UNBOUNDED, false);

  private final @Nullable Set<Literal> starts;
  private final @Nullable Set<Literal> ends;
  private final List<Set<Literal>> contains;
  private final @Nullable CharSet firstChars;
  /** The tree, kept to read the openings from at the first question (only paragraph rules ask). */
  private final @Nullable Node root;
  private volatile @Nullable Optional<Openings> openings;
  private final @Nullable CharSet alphabet;
  private final int maxSpaceRuns;
  private final boolean startsAtWordBoundary;

  private PatternLiterals(@Nullable Set<Literal> starts, @Nullable Set<Literal> ends, List<Set<Literal>> contains,
      @Nullable CharSet firstChars, @Nullable Node root, @Nullable CharSet alphabet, int maxSpaceRuns,
      boolean startsAtWordBoundary) {
    this.starts = starts;
    this.ends = ends;
    this.contains = contains;
    this.firstChars = firstChars;
    this.root = root;
    this.alphabet = alphabet;
    this.maxSpaceRuns = maxSpaceRuns;
    this.startsAtWordBoundary = startsAtWordBoundary;
  }

  /**
   * The literals of a pattern that, once a match is found, opens behind some characters of a class
   * ({@code \W*} opening a paragraph rule): every match starts with characters of {@code skipped},
   * none or more, then one of {@code literals}.
   */
  record Openings(CharSet skipped, Set<Literal> literals) {}

  /**
   * Where the stages get what a pattern's matches must hold: read from the pattern ({@link #READ}),
   * or nothing, so that every rule runs ungated ({@link #NONE}: tests hold the two equal).
   */
  @FunctionalInterface
  interface Source {
    Source READ = PatternLiterals::of;
    Source NONE = p -> NOTHING;

    PatternLiterals of(Pattern p);
  }

  /** Bound on analyses remembered (by pattern and flags) across rules files, which hold a few dozen patterns. */
  private static final int MAX_REMEMBERED = 1024;
  private static final java.util.Map<String, PatternLiterals> REMEMBERED = new java.util.concurrent.ConcurrentHashMap<>();

  /** The analysis of {@code p}; no literals at all for a pattern it cannot read. Remembered per pattern and flags. */
  static PatternLiterals of(Pattern p) {
    String key = p.flags() + ":" + p.pattern();
    PatternLiterals known = REMEMBERED.get(key);
    if (known == null) {
      known = read(p);
      if (REMEMBERED.size() < MAX_REMEMBERED) {
        REMEMBERED.put(key, known);
      }
    }
    return known;
  }

  private static PatternLiterals read(Pattern p) {
    if ((p.flags() & (Pattern.COMMENTS | Pattern.CANON_EQ | Pattern.LITERAL)) != 0) {
      return NOTHING;
    }
    try {
      Node root = RegexTree.parse(p.pattern(), p.flags());
      Reading reading = new Reading();
      Info info = reading.of(root);
      Set<Literal> starts = finish(info.prefix, Side.START);
      Set<Literal> ends = finish(info.suffix, Side.END);
      List<Set<Literal>> candidates = new ArrayList<>(info.clauses);
      candidates.add(info.prefix);
      candidates.add(info.suffix);
      if (info.exact != null) {
        candidates.add(info.exact);
      }
      List<Set<Literal>> contains = new ArrayList<>();
      for (Set<Literal> c : candidates) {
        Set<Literal> finished = finish(c, Side.BOTH);
        if (finished != null && !contains.contains(finished)) {
          contains.add(finished);
        }
      }
      contains.sort(Comparator.comparingDouble(Frequency::of));
      CharSet first = info.emptyable || info.first.isAll() ? null : info.first.withSurrogates();
      CharSet alphabet = alphabet(root);
      return new PatternLiterals(starts, ends, List.copyOf(contains), first, root,
          alphabet.isAll() ? null : alphabet.withSurrogates(), spaceRuns(root), opensAtWordBoundary(root));
    } catch (RegexTree.Unsupported | IllegalArgumentException | IndexOutOfBoundsException e) { // a syntax error, or a class that is none alone
      return NOTHING;
    }
  }

  /** The literals one of which every match starts with, when known. */
  Optional<Set<Literal>> starts() {
    return Optional.ofNullable(starts);
  }

  /** The literals one of which every match ends with, when known. */
  Optional<Set<Literal>> ends() {
    return Optional.ofNullable(ends);
  }

  /** Sets one literal of which every match contains, the likeliest to be absent from prose first. */
  List<Set<Literal>> contains() {
    return contains;
  }

  /** Characters together at most this likely in prose (at a given place) are rare: few words starting with them are looked for by indexOf. */
  static final double RARE_CHARACTERS = 0.01;

  /**
   * The set a prefilter looks for before running the pattern on a text of about {@code length}
   * characters, when one is worth it: of the sets one literal of which every match contains, the
   * one with the least expected cost — the look for it ({@link Keywords.Cost}) plus the chance that
   * prose holds one anyway times {@code regexNanos}, what running the pattern costs — when that is
   * less than running the pattern always.
   */
  Optional<Set<Literal>> gate(int length, double regexNanos) {
    Set<Literal> best = null;
    double bestCost = regexNanos;
    for (Set<Literal> c : contains) {
      double pass = 1 - Math.pow(1 - Frequency.of(c), length);
      double cost = Keywords.Cost.of(c, length) + pass * regexNanos;
      if (cost < bestCost) {
        best = c;
        bestCost = cost;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The characters a match can hold (every character any part of the pattern consumes), when
   * known: a match is a run of them, which bounds how far before the literal it ends with a match
   * can start.
   */
  Optional<CharSet> alphabet() {
    return Optional.ofNullable(alphabet);
  }

  /** The characters a match can start with (every UTF-16 surrogate among them), when the pattern matches no empty string. */
  Optional<CharSet> firstChars() {
    return Optional.ofNullable(firstChars);
  }

  /** The characters a match may open with before its first literal, and those literals, when known. */
  Optional<Openings> openings() {
    Optional<Openings> known = openings;
    if (known == null) {
      known = openings = root == null ? Optional.empty() : Optional.ofNullable(openings(root, new Reading()));
    }
    return known;
  }

  @Override
  public String toString() {
    return "PatternLiterals[starts=" + starts + ", ends=" + ends + ", contains=" + contains + ", firstChars="
        + (firstChars == null ? "any" : "some") + ", openings=" + openings().orElse(null) + "]";
  }

  // ---- what each node of the tree says ---------------------------------------------------------

  /** What each node says, read once per node (the questions below ask some of them several times). */
  private static final class Reading {
    private final java.util.Map<Node, Info> known = new java.util.IdentityHashMap<>();

    Info of(Node n) {
      Info info = known.get(n);
      if (info == null) {
        info = read(n);
        known.put(n, info);
      }
      return info;
    }

    private Info read(Node n) {
      return switch (n) {
        case Chars c -> Info.ofChars(c.set(), c.ignoreCase());
        case Concat c -> {
          Info out = Info.EMPTY_STRING;
          for (Node item : c.items()) {
            out = Info.concat(out, of(item));
          }
          yield out;
        }
        case Alt a -> a.branches().isEmpty() ? Info.EMPTY_STRING : Info.alt(a.branches().stream().map(this::of).toList());
        case Repeat r -> Info.repeat(of(r.item()), r.min(), r.max());
        case ZeroWidth z -> {
          // a positive look-ahead that needs a character tells what the next one is
          Info ahead = z.lookahead() == null ? null : of(z.lookahead());
          yield Info.zeroWidth(ahead == null || ahead.emptyable() ? CharSet.ALL : ahead.first());
        }
        case Opaque o -> Info.ANYTHING;
      };
    }
  }

  /** Every character the node's matches can hold: its characters' sets united; anything, for a part not read. */
  private static CharSet alphabet(Node n) {
    return switch (n) {
      case Chars c -> c.set();
      case Concat c -> c.items().stream().map(PatternLiterals::alphabet).reduce(CharSet.NONE, CharSet::union);
      case Alt a -> a.branches().stream().map(PatternLiterals::alphabet).reduce(CharSet.NONE, CharSet::union);
      case Repeat r -> alphabet(r.item());
      case ZeroWidth z -> CharSet.NONE; // a look-around's characters are not the match's
      case Opaque o -> CharSet.ALL;
    };
  }

  /**
   * At most how many runs of white space a match of the node holds ({@link #UNBOUNDED} when it may
   * hold any number): a part that can match white space holds one run, however repeated when it
   * matches nothing else; parts in sequence add up (runs next to each other count twice: an upper
   * bound).
   */
  private static int spaceRuns(Node n) {
    return switch (n) {
      case Chars c -> c.set().holdsAny(CharSet.SPACE_CHARS) ? 1 : 0;
      case Concat c -> c.items().stream().mapToInt(PatternLiterals::spaceRuns).reduce(0, PatternLiterals::add);
      case Alt a -> a.branches().stream().mapToInt(PatternLiterals::spaceRuns).max().orElse(0);
      case Repeat r -> {
        int one = spaceRuns(r.item());
        if (one == 0) {
          yield 0;
        }
        if (r.item() instanceof Chars ch && ch.set().onlyOf(CharSet.SPACE_CHARS)) {
          yield 1; // \s+, \s*: one run
        }
        yield r.max() < 0 ? UNBOUNDED : (int) Math.min(UNBOUNDED, (long) one * r.max());
      }
      case ZeroWidth z -> 0;
      case Opaque o -> UNBOUNDED;
    };
  }

  private static int add(int a, int b) {
    return (int) Math.min(UNBOUNDED, (long) a + b);
  }

  /** Whether every match starts where a {@code \b} of the pattern stands: each branch opens with one among its anchors. */
  private static boolean opensAtWordBoundary(Node n) {
    return switch (n) {
      case Alt a -> a.branches().stream().allMatch(PatternLiterals::opensAtWordBoundary);
      case Concat c -> {
        for (Node item : c.items()) {
          if (!(item instanceof ZeroWidth z)) {
            yield (item instanceof Alt || item instanceof Concat) && opensAtWordBoundary(item);
          }
          if (z.wordBoundary()) {
            yield true;
          }
        }
        yield false;
      }
      case ZeroWidth z -> z.wordBoundary();
      default -> false;
    };
  }

  /**
   * Whether a {@code \b} stands where every match starts: then no match starts between two ASCII
   * letters, digits or underscores (word characters to {@code \b} with or without
   * UNICODE_CHARACTER_CLASS).
   */
  boolean startsAtWordBoundary() {
    return startsAtWordBoundary;
  }

  /** At most how many runs of white space a match holds, when bounded. */
  java.util.OptionalInt maxSpaceRuns() {
    return maxSpaceRuns == UNBOUNDED ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(maxSpaceRuns);
  }

  /**
   * The openings of a paragraph-like pattern: per top-level branch, anchors and look-arounds
   * skipped, then a class repeated from zero times ({@code \W*}) skipped, then the literals of the
   * rest; branches united.
   */
  private static @Nullable Openings openings(Node root, Reading reading) {
    List<Node> branches = root instanceof Alt alt ? alt.branches() : List.of(root);
    CharSet skipped = CharSet.NONE;
    Set<Literal> literals = new LinkedHashSet<>();
    for (Node branch : branches) {
      List<Node> items = branch instanceof Concat c ? c.items() : List.of(branch);
      int i = 0;
      while (i < items.size() && items.get(i) instanceof ZeroWidth) {
        i++;
      }
      if (i < items.size() && items.get(i) instanceof Repeat r && r.min() == 0 && r.max() < 0 && r.item() instanceof Chars ch) {
        skipped = skipped.union(ch.set());
        i++;
      }
      Set<Literal> rest = finish(reading.of(new Concat(items.subList(i, items.size()))).prefix(), Side.START);
      if (rest == null) {
        return null;
      }
      literals.addAll(rest);
    }
    Set<Literal> minimal = minimal(literals, Side.START);
    return minimal.size() > MAX_LITERALS ? null : new Openings(skipped.withSurrogates(), minimal);
  }

  // ---- what a node says ---------------------------------------------------------------------------

  private enum Side { START, END, BOTH }

  /**
   * What a node says about its matches. {@code exact}: every match is one of these (null when
   * unknown or too many); {@code prefix}, {@code suffix}: every match starts (ends) with one of these
   * — a set holding the empty literal says nothing; {@code clauses}: every match contains one
   * literal of each; {@code first}: the characters a non-empty match can start with;
   * {@code zeroWidth}/{@code ahead}: a node matching no characters, and what a positive look-ahead
   * wants next.
   */
  private record Info(@Nullable Set<Literal> exact, Set<Literal> prefix, Set<Literal> suffix, List<Set<Literal>> clauses,
      boolean emptyable, CharSet first, boolean zeroWidth, CharSet ahead) {

    static final Literal EMPTY = new Literal("", true);
    static final Set<Literal> NOTHING_KNOWN = Set.of(EMPTY);
    static final Info EMPTY_STRING = new Info(Set.of(EMPTY), NOTHING_KNOWN, NOTHING_KNOWN, List.of(), true, CharSet.NONE, true, CharSet.ALL);
    static final Info ANYTHING = new Info(null, NOTHING_KNOWN, NOTHING_KNOWN, List.of(), true, CharSet.ALL, false, CharSet.ALL);

    static Info ofChars(CharSet set, boolean ignoreCase) {
      Set<Literal> exact = set.asLiterals(ignoreCase, MAX_CLASS_LITERALS);
      if (exact == null) {
        return new Info(null, NOTHING_KNOWN, NOTHING_KNOWN, List.of(), false, set, false, CharSet.ALL);
      }
      return new Info(exact, exact, exact, List.of(exact), false, set, false, CharSet.ALL);
    }

    static Info zeroWidth(CharSet ahead) {
      return new Info(Set.of(EMPTY), NOTHING_KNOWN, NOTHING_KNOWN, List.of(), true, CharSet.NONE, true, ahead);
    }

    static Info concat(Info a, Info b) {
      if (a == EMPTY_STRING) {
        return b;
      }
      Set<Literal> exact = a.exact != null && b.exact != null ? cross(a.exact, b.exact) : null;
      Set<Literal> prefix;
      if (a.exact != null) {
        prefix = cross(a.exact, b.prefix);
        if (prefix == null) { // too many: a's literals are prefixes already, and b's stand in for a's empty one
          prefix = new LinkedHashSet<>(a.exact);
          if (prefix.remove(EMPTY)) {
            prefix.addAll(b.prefix);
          }
        }
      } else {
        prefix = a.prefix;
      }
      Set<Literal> suffix;
      if (b.exact != null) {
        suffix = cross(a.suffix, b.exact);
        if (suffix == null) {
          suffix = new LinkedHashSet<>(b.exact);
          if (suffix.remove(EMPTY)) {
            suffix.addAll(a.suffix);
          }
        }
      } else {
        suffix = b.suffix;
      }
      List<Set<Literal>> clauses = new ArrayList<>(a.clauses);
      clauses.addAll(b.clauses);
      Set<Literal> across = cross(a.suffix, b.prefix); // a literal running across the two
      if (across != null) {
        clauses.add(across);
      }
      if (exact != null) {
        clauses.add(exact);
      }
      CharSet first;
      if (a.zeroWidth) {
        first = a.ahead.intersection(b.first);
      } else if (a.emptyable) {
        first = a.first.union(b.first);
      } else {
        first = a.first;
      }
      boolean zeroWidth = a.zeroWidth && b.zeroWidth;
      CharSet ahead = zeroWidth ? a.ahead.intersection(b.ahead) : CharSet.ALL;
      if (exact != null) {
        prefix = exact;
        suffix = exact;
      }
      return new Info(exact, shorten(prefix, Side.START), shorten(suffix, Side.END), best(clauses),
          a.emptyable && b.emptyable, first, zeroWidth, ahead);
    }

    /**
     * An alternation: what every branch says, united — the sets of literals of each rank (the
     * branches' best first, their second best, …), of their prefixes, of their suffixes, and of
     * their best sets of single characters.
     */
    static Info alt(List<Info> branches) {
      Set<Literal> exact = new LinkedHashSet<>();
      Set<Literal> prefix = new LinkedHashSet<>();
      Set<Literal> suffix = new LinkedHashSet<>();
      Set<Literal> characters = new LinkedHashSet<>();
      boolean exactKnown = true;
      boolean charactersKnown = true;
      boolean emptyable = false;
      boolean zeroWidth = true;
      CharSet first = CharSet.NONE;
      CharSet ahead = CharSet.NONE;
      for (Info b : branches) {
        if (exactKnown && b.exact != null) {
          exact.addAll(b.exact);
          exactKnown = exact.size() <= MAX_LITERALS;
        } else {
          exactKnown = false;
        }
        prefix.addAll(b.prefix);
        suffix.addAll(b.suffix);
        Optional<Set<Literal>> single = b.clauses.stream().filter(PatternLiterals::singleCharacters).findFirst();
        charactersKnown &= single.isPresent();
        single.ifPresent(characters::addAll);
        emptyable |= b.emptyable;
        zeroWidth &= b.zeroWidth;
        first = first.union(b.first);
        ahead = ahead.union(b.ahead);
      }
      List<Set<Literal>> clauses = new ArrayList<>(List.of(prefix, suffix));
      for (int rank = 0; rank < MAX_CLAUSES; rank++) {
        Set<Literal> united = new LinkedHashSet<>();
        for (Info b : branches) {
          if (b.clauses.size() <= rank) {
            united = null;
            break;
          }
          united.addAll(b.clauses.get(rank));
        }
        if (united != null) {
          clauses.add(united);
        }
      }
      if (charactersKnown) {
        clauses.add(characters);
      }
      if (exactKnown) {
        clauses.add(exact);
      }
      return new Info(exactKnown ? exact : null, shorten(exactKnown ? exact : prefix, Side.START),
          shorten(exactKnown ? exact : suffix, Side.END), best(clauses), emptyable, first, zeroWidth,
          zeroWidth ? ahead : CharSet.ALL);
    }

    static Info repeat(Info x, int min, int max) {
      if (min == 0) {
        if (max == 1 && x.exact != null) { // optional: its literals or nothing
          Set<Literal> exact = union(x.exact, Set.of(EMPTY));
          return new Info(exact, NOTHING_KNOWN, NOTHING_KNOWN, List.of(), true, x.first, x.zeroWidth, CharSet.ALL);
        }
        if (x.exact != null && x.exact.equals(Set.of(SPACE))) { // \s*: nothing or a run of white space
          return new Info(Set.of(EMPTY, SPACE), NOTHING_KNOWN, NOTHING_KNOWN, List.of(), true, x.first, false, CharSet.ALL);
        }
        return new Info(null, NOTHING_KNOWN, NOTHING_KNOWN, List.of(), true, x.first, x.zeroWidth, CharSet.ALL);
      }
      Set<Literal> exact = null;
      if (x.exact != null) {
        if (x.exact.equals(Set.of(SPACE))) {
          exact = x.exact; // \s+, \s{2,}: a run of white space
        } else if (max == min) {
          exact = x.exact;
          for (int i = 1; i < min && exact != null; i++) {
            exact = cross(exact, x.exact);
          }
        }
      }
      List<Set<Literal>> clauses = new ArrayList<>(x.clauses);
      if (exact != null) {
        clauses.add(exact);
      }
      Set<Literal> prefix = exact != null ? exact : x.prefix;
      Set<Literal> suffix = exact != null ? exact : x.suffix;
      return new Info(exact, shorten(prefix, Side.START), shorten(suffix, Side.END), best(clauses), x.emptyable, x.first,
          x.zeroWidth, x.ahead);
    }

  }

  private static final Literal SPACE = new Literal(" ", true);

  /** Every literal of {@code a} followed by every literal of {@code b}; null when there would be too many. */
  private static @Nullable Set<Literal> cross(Set<Literal> a, Set<Literal> b) {
    if ((long) a.size() * b.size() > MAX_LITERALS) {
      return null;
    }
    Set<Literal> out = new LinkedHashSet<>();
    for (Literal x : a) {
      for (Literal y : b) {
        out.add(join(x, y));
      }
    }
    return out;
  }

  private static Literal join(Literal x, Literal y) {
    boolean exact = x.exact() && y.exact();
    String left = exact || !x.exact() ? x.text() : CaseFold.fold(x.text()); // an exact part compared folded, as the rest
    String right = exact || !y.exact() ? y.text() : CaseFold.fold(y.text());
    if (left.endsWith(" ") && right.startsWith(" ")) {
      right = right.substring(1); // two runs of white space are one
    }
    return new Literal(left + right, exact);
  }

  private static Set<Literal> union(Set<Literal> a, Set<Literal> b) {
    Set<Literal> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return out;
  }

  /**
   * A set cut down to size: literals longer than {@link #MAX_LITERAL_CHARS} cut (keeping the side
   * a match is known by), and while there are too many, all cut shorter, so that some merge; a set
   * that says nothing stays so.
   */
  private static Set<Literal> shorten(Set<Literal> set, Side side) {
    if (set.contains(Info.EMPTY)) {
      return Info.NOTHING_KNOWN;
    }
    if (set.size() <= MAX_LITERALS && set.stream().allMatch(l -> l.text().length() <= MAX_LITERAL_CHARS)) {
      return set; // as it is: most are
    }
    int length = MAX_LITERAL_CHARS;
    Set<Literal> out = cut(set, length, side);
    while (out.size() > MAX_LITERALS && length > 1) {
      length = length / 2;
      out = cut(set, length, side);
    }
    return out.size() > MAX_LITERALS ? Info.NOTHING_KNOWN : out;
  }

  private static Set<Literal> cut(Set<Literal> set, int length, Side side) {
    Set<Literal> out = new LinkedHashSet<>();
    for (Literal l : set) {
      String t = l.text();
      if (t.length() > length) {
        t = side == Side.END ? t.substring(t.length() - length) : t.substring(0, length);
      }
      out.add(new Literal(t, l.exact()));
    }
    return out;
  }

  /**
   * The {@link #MAX_CLAUSES} sets likeliest to be absent from prose, and the best two of single
   * characters (the cheapest to look for); sets that say nothing, or hold a literal of white space
   * alone, left out.
   */
  private static List<Set<Literal>> best(List<Set<Literal>> clauses) {
    java.util.Map<Set<Literal>, Double> chance = new java.util.LinkedHashMap<>();
    for (Set<Literal> c : clauses) {
      Set<Literal> s = shorten(c, Side.BOTH);
      if (!s.contains(Info.EMPTY) && s.stream().noneMatch(l -> l.text().isBlank()) && !chance.containsKey(s)) {
        chance.put(s, Frequency.of(s));
      }
    }
    List<Set<Literal>> out = new ArrayList<>(chance.keySet());
    out.sort(Comparator.comparingDouble(chance::get));
    List<Set<Literal>> kept = new ArrayList<>(out.subList(0, Math.min(MAX_CLAUSES, out.size())));
    out.stream().filter(PatternLiterals::singleCharacters).limit(2).filter(c -> !kept.contains(c)).forEach(kept::add);
    return kept;
  }

  /** Whether every literal of the set is one character. */
  static boolean singleCharacters(Set<Literal> set) {
    return set.stream().allMatch(l -> l.text().length() == 1);
  }

  /**
   * A set as a prefilter uses it: white space trimmed where the side allows (a literal that must
   * start a match may end anywhere, and so on), literals covered by others dropped; null when it
   * says nothing.
   */
  static @Nullable Set<Literal> finish(Set<Literal> set, Side side) {
    if (set.isEmpty() || set.contains(Info.EMPTY)) {
      return null;
    }
    Set<Literal> out = new LinkedHashSet<>();
    for (Literal l : set) {
      String t = l.text();
      if ((side == Side.START && t.startsWith(" ")) || (side == Side.END && t.endsWith(" "))) {
        return null; // a match starting (ending) inside a run of white space: not known by a literal
      }
      if (side != Side.START) {
        t = t.stripLeading();
      }
      if (side != Side.END) {
        t = t.stripTrailing();
      }
      if (t.isEmpty()) {
        return null;
      }
      out.add(new Literal(t, l.exact()));
    }
    return minimal(out, side);
  }

  /** The set without literals that another covers: every text holding the longer one holds the shorter there too. */
  private static Set<Literal> minimal(Set<Literal> set, Side side) {
    Literal[] literals = set.toArray(Literal[]::new);
    String[] folded = new String[literals.length]; // each literal as a folded one compares it
    for (int i = 0; i < literals.length; i++) {
      folded[i] = literals[i].exact() ? CaseFold.fold(literals[i].text()) : literals[i].text();
    }
    Set<Literal> out = new LinkedHashSet<>();
    for (int i = 0; i < literals.length; i++) {
      boolean covered = false;
      for (int j = 0; j < literals.length && !covered; j++) {
        // of two that cover each other (equal as compared), the first stays
        covered = j != i && covers(literals[j], folded[j], literals[i], folded[i], side)
            && !(j > i && covers(literals[i], folded[i], literals[j], folded[j], side));
      }
      if (!covered) {
        out.add(literals[i]);
      }
    }
    return out;
  }

  /**
   * Whether wherever {@code longer} occurs, {@code shorter} occurs at its start (end, or inside):
   * an exact literal covers only exact ones; a folded one, compared folded.
   */
  private static boolean covers(Literal shorter, String shorterFolded, Literal longer, String longerFolded, Side side) {
    if (shorter.exact() && !longer.exact()) {
      return false;
    }
    String s = shorter.exact() ? shorter.text() : shorterFolded;
    String l = shorter.exact() ? longer.text() : longerFolded;
    return switch (side) {
      case START -> l.startsWith(s);
      case END -> l.endsWith(s);
      case BOTH -> l.contains(s);
    };
  }
}
