package io.feedpipe.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every problem of a settings record before it throws, so one pass reports them all
 * (each naming its key). Used in the records' compact constructors:
 *
 * <pre>{@code
 * new Checks().value(MAX_BLOCK, maxBlock).value(TRANSACTION_TIMEOUT, transactionTimeout)
 *     .rule(transactionTimeout.compareTo(maxBlock) > 0, () -> "… must exceed kafka.maxBlock")
 *     .throwIfAny();
 * }</pre>
 */
public final class Checks {
  private final List<String> problems = new ArrayList<>();

  /** Notes the problem of {@code value} for {@code setting}, if it has one (its type's rule). */
  public <T> Checks value(Setting<T> setting, T value) {
    setting.problem(value).ifPresent(problems::add);
    return this;
  }

  /** Notes {@code problem} unless {@code ok}: a rule across keys. */
  public Checks rule(boolean ok, Supplier<String> problem) {
    if (!ok) {
      problems.add(problem.get());
    }
    return this;
  }

  /** The problems noted so far. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * @throws IllegalArgumentException listing every problem noted, separated by {@code "; "}
   */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }
}
