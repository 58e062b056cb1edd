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

  /** Every default. */
  public static IngestSettings defaults() {
    return new IngestSettings(FetchSettings.defaults(), ScheduleSettings.defaults(), ParseSettings.defaults());
  }
}
