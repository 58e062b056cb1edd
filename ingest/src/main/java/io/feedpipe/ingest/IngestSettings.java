package io.feedpipe.ingest;

import static java.util.Objects.requireNonNull;

/**
 * All of ingest's settings.
 *
 * @param fetch how feeds are fetched ({@code fetch.*})
 * @param schedule when feeds are polled ({@code schedule.*})
 * @param parse how feed content is read ({@code parse.*})
 */
public record IngestSettings(FetchSettings fetch, ScheduleSettings schedule, ParseSettings parse) {
  public IngestSettings {
    requireNonNull(fetch, "fetch");
    requireNonNull(schedule, "schedule");
    requireNonNull(parse, "parse");
  }

  /** Fetch and schedule settings with the default {@code parse.*}. */
  public IngestSettings(FetchSettings fetch, ScheduleSettings schedule) {
    this(fetch, schedule, ParseSettings.defaults());
  }

  /**
   * Reads settings from flat keys such as {@code fetch.maxBodyBytes=10MiB}, {@code
   * schedule.defaultInterval=5m}, {@code fetch.allowedAddresses=10.0.0.0/8,127.0.0.1/32} or {@code
   * parse.zoneAbbreviations.IST=Asia/Kolkata}; a missing key takes its default. Keys outside {@code
   * fetch.}, {@code schedule.} and {@code parse.} are ignored.
   *
   * @throws IllegalArgumentException naming every bad key, value and rule at once, one per line
   */
  public static IngestSettings fromProperties(java.util.Map<String, String> properties) {
    return SettingsCatalogue.read(requireNonNull(properties, "properties"));
  }

  /** Every default. */
  public static IngestSettings defaults() {
    return new IngestSettings(FetchSettings.defaults(), ScheduleSettings.defaults(), ParseSettings.defaults());
  }
}
