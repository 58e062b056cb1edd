package io.feedpipe.testkit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A generator of random values of {@code T}: every value comes from the {@link Random} it is given,
 * so the same seed gives the same values.
 */
@FunctionalInterface
public interface Gen<T> {
  /** Characters strings draw from when no alphabet is given: ASCII, controls, Latin-1, other scripts, emoji. */
  String ANY_TEXT = " \t\n\r\u0000\u0008\u000b\u001f!\"#$%&'()*+,-./0123456789:;<=>?@"
      + "ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u007f"
      + "\u0085\u00a0\u00ad\u00e9\u00fc\u00df\u0301\u0391\u0416\u05d0\u0627\u0915\u093f\u200b\u200d"
      + "\u2028\u2014\u2019\u201c\u3042\u65e5\ufeff\ufffd\ud83d\ude42\ud800\udc00";

  T next(Random random);

  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    requireNonNull(f, "f");
    return random -> f.apply(next(random));
  }

  /** Lists of 0 to {@code maxSize} values of this generator. */
  default Gen<List<T>> list(int maxSize) {
    return random -> {
      int size = random.nextInt(maxSize + 1);
      List<T> values = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        values.add(next(random));
      }
      return values;
    };
  }

  /** The concatenation of 0 to {@code maxParts} values of a generator of strings. */
  static Gen<String> joined(Gen<String> part, int maxParts) {
    return part.list(maxParts).map(parts -> String.join("", parts));
  }

  static <T> Gen<T> constant(T value) {
    return random -> value;
  }

  /** One of {@code values}, each as likely. */
  static <T> Gen<T> oneOf(List<T> values) {
    List<T> copy = List.copyOf(values);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("oneOf needs at least one value");
    }
    return random -> copy.get(random.nextInt(copy.size()));
  }

  /** One of {@code gens}, each chosen with the weight before it: {@code frequency(8, a, 2, b)}. */
  @SuppressWarnings("unchecked")
  static <T> Gen<T> frequency(Object... weightsAndGens) {
    if (weightsAndGens.length == 0 || weightsAndGens.length % 2 != 0) {
      throw new IllegalArgumentException("frequency takes pairs of weight and generator");
    }
    int n = weightsAndGens.length / 2;
    int[] weights = new int[n];
    List<Gen<T>> gens = new ArrayList<>(n);
    int total = 0;
    for (int i = 0; i < n; i++) {
      weights[i] = (Integer) weightsAndGens[2 * i];
      if (weights[i] <= 0) {
        throw new IllegalArgumentException("weights must be positive, was " + weights[i]);
      }
      total += weights[i];
      gens.add((Gen<T>) requireNonNull(weightsAndGens[2 * i + 1], "generator"));
    }
    int sum = total;
    return random -> {
      int pick = random.nextInt(sum);
      for (int i = 0; i < n; i++) {
        pick -= weights[i];
        if (pick < 0) {
          return gens.get(i).next(random);
        }
      }
      throw new AssertionError("unreachable");
    };
  }

  /** Strings of 0 to {@code maxLength} UTF-16 units from {@code alphabet} (pairs may split: lone surrogates too). */
  static Gen<String> strings(String alphabet, int maxLength) {
    if (alphabet.isEmpty()) {
      throw new IllegalArgumentException("alphabet is empty");
    }
    return random -> {
      int length = random.nextInt(maxLength + 1);
      StringBuilder sb = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return sb.toString();
    };
  }

  /** Strings of 0 to {@code maxLength} characters drawn from {@link #ANY_TEXT} and, now and then, any UTF-16 unit. */
  static Gen<String> strings(int maxLength) {
    return random -> {
      int length = random.nextInt(maxLength + 1);
      StringBuilder sb = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        sb.append(random.nextInt(8) == 0 ? (char) random.nextInt(0x10000) : ANY_TEXT.charAt(random.nextInt(ANY_TEXT.length())));
      }
      return sb.toString();
    };
  }

  static Gen<Integer> ints(int minInclusive, int maxInclusive) {
    return random -> minInclusive + random.nextInt(maxInclusive - minInclusive + 1);
  }

  static <A, B, R> Gen<R> zip(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
    return random -> f.apply(a.next(random), b.next(random));
  }
}
