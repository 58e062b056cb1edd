package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {

  @Test
  void noPropertiesGiveTheDefaults() {
    assertThat(IngestSettings.fromProperties(Map.of())).isEqualTo(IngestSettings.defaults());
  }

  @Test
  void readsDurationsSizesListsAndZones() {
    IngestSettings s = IngestSettings.fromProperties(Map.of(
        "fetch.maxBodyBytes", "2MiB",
        "fetch.allowedAddresses", "127.0.0.1/32, 10.0.0.0/8",
        "schedule.defaultInterval", "10m",
        "parse.zoneAbbreviations.CST", "Asia/Shanghai",
        "app.port", "8080"));

    assertThat(s.fetch().maxBodyBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(s.fetch().allowedAddresses()).containsExactly("127.0.0.1/32", "10.0.0.0/8");
    assertThat(s.schedule().defaultInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.parse().zoneAbbreviations()).containsEntry("CST", "Asia/Shanghai").containsEntry("IST", "+05:30");
  }

  @Test
  void reportsEveryBadKeyInOnePass() {
    assertThatThrownBy(() -> IngestSettings.fromProperties(Map.of(
        "fetch.maxBodyBytes", "lots",
        "schedule.defaultInterval", "soon",
        "fetch.maxBodyByte", "1",
        "parse.zoneAbbreviations.IST", "India")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid value lots for configuration fetch.maxBodyBytes")
        .hasMessageContaining("Invalid value soon for configuration schedule.defaultInterval")
        .hasMessageContaining("Unknown configuration fetch.maxBodyByte")
        .hasMessageContaining("parse.zoneAbbreviations.IST");
  }

  @Test
  void crossFieldRulesNameBothKeys() {
    assertThatThrownBy(() -> IngestSettings.fromProperties(Map.of("schedule.defaultInterval", "30s")))
        .hasMessageContaining("schedule.defaultInterval").hasMessageContaining("schedule.minInterval");
  }

  @Test
  void theCatalogueCoversEveryComponentOfTheRecords() {
    long components = FetchSettings.class.getRecordComponents().length + ScheduleSettings.class.getRecordComponents().length
        + ParseSettings.class.getRecordComponents().length - 1; // zoneAbbreviations is a key family
    assertThat(SettingsCatalogue.KEYS).hasSize((int) components);
    assertThat(List.of(FetchSettings.class.getRecordComponents())).allSatisfy(c ->
        assertThat(SettingsCatalogue.KEYS).extracting(SettingsCatalogue.Key::name).contains("fetch." + c.getName()));
  }
}
