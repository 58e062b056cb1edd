/**
 * Settings defined once. A {@link io.feedpipe.config.Setting} carries a key's type (reading and
 * rule), default, meaning and environment variable; each module declares its own next to the
 * settings record that uses them, and builds that record from {@link
 * io.feedpipe.config.SettingValues} — the app's resolved configuration, the defaults, or a test's
 * overrides. {@link io.feedpipe.config.SettingsTable} renders a README's table from them and
 * {@link io.feedpipe.config.Durations} is the one duration grammar. No dependencies.
 */
@NullMarked
package io.feedpipe.config;

import org.jspecify.annotations.NullMarked;
