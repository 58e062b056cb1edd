/**
 * Configuration: one catalogue of keys ({@link io.feedpipe.app.config.Settings#CATALOGUE}), each
 * with its type, default, environment variable, validator and documentation.
 *
 * <p>Values come, lowest precedence first, from the defaults, the YAML config file, environment
 * variables and command-line flags. Every bad key is reported in one pass, by name, before the
 * service starts. The README's settings table is generated from the catalogue ({@code feedpipe
 * config --markdown}) and a test keeps the two equal.
 */
@NullMarked
package io.feedpipe.app.config;

import org.jspecify.annotations.NullMarked;
