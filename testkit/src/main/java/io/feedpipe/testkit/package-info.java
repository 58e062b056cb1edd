/**
 * Property tests without a property-testing framework: {@link io.feedpipe.testkit.Gen} builds random
 * values, {@link io.feedpipe.testkit.Property} checks a property over many of them from one seed,
 * prints the seed, and names the failing case's own seed so that it can be replayed alone.
 *
 * <p>Used in test scope only; it depends on nothing but the JDK.
 */
@NullMarked
package io.feedpipe.testkit;

import org.jspecify.annotations.NullMarked;
