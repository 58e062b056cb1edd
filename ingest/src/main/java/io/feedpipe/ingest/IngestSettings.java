package io.feedpipe.ingest;

import static java.util.Objects.requireNonNull;

import io.feedpipe.config.Setting;
import io.feedpipe.config.SettingValues;
import java.util.List;
import java.util.stream.Stream;

/**
 * All of ingest's settings; build them with {@link #from(SettingValues)}.
 *
 * @param fetch how feeds are fetched ({@code fetch.*})
 * @param schedule when feeds are polled ({@code schedule.*})
 * @param parse how feed content is read ({@code parse.*})
 */
public record IngestSettings(FetchSettings fetch, ScheduleSettings schedule, ParseSettings parse) {

  /** Every setting ingest reads, in the order of the settings table (ingest's README shows it). */
  public static final List<Setting<?>> SETTINGS = Stream.of(
      FetchSettings.SETTINGS, ScheduleSettings.SETTINGS, ParseSettings.SETTINGS).flatMap(List::stream).toList();

  public IngestSettings {
    requireNonNull(fetch, "fetch");
    requireNonNull(schedule, "schedule");
    requireNonNull(parse, "parse");
  }

  /** The settings as {@code values} gives them. */
  public static IngestSettings from(SettingValues values) {
    return new IngestSettings(FetchSettings.from(values), ScheduleSettings.from(values), ParseSettings.from(values));
  }

  /** Every setting at its default. */
  public static IngestSettings defaults() {
    return from(SettingValues.defaults());
  }
}
