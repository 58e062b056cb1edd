package io.feedpipe.testkit;

import static java.util.Objects.requireNonNull;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Checks a property over generated values from one seed.
 *
 * <p>The seed is the test's own fixed seed, so a build fails only for what changed; the system
 * property {@value #SEED_PROPERTY} overrides it ({@code random} draws a fresh one, for exploring),
 * and {@value #TRIES_PROPERTY} the number of tries. Each try has a seed of its own, derived from the
 * one before; when a try fails, the error names that case's seed and the value, and
 * {@code -Dfeedpipe.seed=<case seed> -Dfeedpipe.tries=1} (with {@code -Dtest=Class#method}) replays
 * exactly that case as the first try. A case that once found a bug stays in the test as a
 * regression seed ({@link #forAll(long, int, long[], Gen, Consumer)}): it runs first, on every
 * build, whatever the system properties say.
 */
public final class Property {
  public static final String SEED_PROPERTY = "feedpipe.seed";
  public static final String TRIES_PROPERTY = "feedpipe.tries";
  private static final int MAX_SHOWN_CHARS = 4000;

  private Property() {}

  /** Runs {@code check} on {@code tries} values of {@code gen}, starting from {@code seed} unless overridden. */
  public static <T> void forAll(long seed, int tries, Gen<T> gen, Consumer<? super T> check) {
    forAll(seed, tries, new long[0], gen, check);
  }

  /**
   * Runs {@code check} first on the case of each regression seed (a case seed a failure once
   * named), then on {@code tries} values from {@code seed} unless overridden.
   */
  public static <T> void forAll(long seed, int tries, long[] regressionSeeds, Gen<T> gen, Consumer<? super T> check) {
    requireNonNull(gen, "gen");
    requireNonNull(check, "check");
    String caller = StackWalker.getInstance().walk(frames -> frames.skip(1)
        .filter(f -> !f.getClassName().equals(Property.class.getName()) && !f.getMethodName().startsWith("lambda$"))
        .findFirst()
        .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName())
        .orElse("property"));
    for (long regression : regressionSeeds) {
      check(caller, "regression seed " + regression, regression, gen, check);
    }
    long start = seedToUse(seed);
    int count = Integer.getInteger(TRIES_PROPERTY, tries);
    System.out.printf("%s: %d tries from seed %d (replay: -D%s=%d)%n", caller, count, start, SEED_PROPERTY, start);
    long caseSeed = start;
    for (int i = 0; i < count; i++) {
      check(caller, "try " + (i + 1) + " of " + count + " from seed " + start, caseSeed, gen, check);
      caseSeed = next(caseSeed);
    }
  }

  private static <T> void check(String caller, String which, long caseSeed, Gen<T> gen, Consumer<? super T> check) {
    T value = gen.next(new Random(caseSeed));
    try {
      check.accept(value);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(String.format(
          "%s failed at %s; replay this case alone with -D%s=%d -D%s=1%ninput: %s%n%s",
          caller, which, SEED_PROPERTY, caseSeed, TRIES_PROPERTY, show(value), e.getMessage()), e);
    }
  }

  /** The seed after {@code seed}: SplitMix64's finaliser, so consecutive cases are unrelated. */
  static long next(long seed) {
    long z = seed + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static long seedToUse(long seed) {
    String given = System.getProperty(SEED_PROPERTY);
    if (given == null || given.isBlank()) {
      return seed;
    }
    if (given.strip().equals("random")) {
      return next(System.nanoTime());
    }
    try {
      return Long.parseLong(given.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("system property " + SEED_PROPERTY + " must be a long or 'random', was '" + given + "'", e);
    }
  }

  /** The value as a Java literal when it is a string (controls and non-ASCII escaped), else its toString. */
  static String show(Object value) {
    String s = String.valueOf(value);
    StringBuilder sb = new StringBuilder(value instanceof CharSequence ? "\"" : "");
    for (int i = 0; i < Math.min(s.length(), MAX_SHOWN_CHARS); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append(value instanceof CharSequence ? "\\\"" : "\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    if (s.length() > MAX_SHOWN_CHARS) {
      sb.append("… (").append(s.length()).append(" chars)");
    }
    return sb.append(value instanceof CharSequence ? "\"" : "").toString();
  }
}
