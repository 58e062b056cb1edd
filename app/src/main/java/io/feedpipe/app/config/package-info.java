/**
 * Configuration: the catalogue of every key ({@link io.feedpipe.app.config.Catalogue#CATALOGUE}) —
 * the app's own and those the modules define next to their settings records (each a {@link
 * io.feedpipe.config.Setting} with its type, rule, default, environment variable and meaning) — and
 * the loader that resolves them.
 *
 * <p>Values come, lowest precedence first, from the defaults, the YAML config file, environment
 * variables and command-line flags. Every bad value is reported in one pass, by key, before the
 * service starts; the modules' records ({@code PublishSettings.from(resolved)}, …) then check the
 * rules across keys. The settings tables of the READMEs are generated from the catalogue ({@code
 * feedpipe config --markdown [feedpipe|ingest|publish]}) and tests keep them equal.
 */
@NullMarked
package io.feedpipe.app.config;

import org.jspecify.annotations.NullMarked;
