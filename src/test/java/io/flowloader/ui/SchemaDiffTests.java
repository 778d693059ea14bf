package io.flowloader.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.pkg.LoadSummary;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The schema versions' difference and the tenants' freshness badge. */
class SchemaDiffTests {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void tablesAndColumnsAddedRemovedOrChangedAreListed() {
    var older =
        JSON.readTree(
            """
            {"tables": {
              "flows": {"columns": {"id": {"data_type": "text", "nullable": false},
                                    "name": {"data_type": "text"},
                                    "gone": {"data_type": "bigint"}}},
              "old_table": {"columns": {"x": {"data_type": "text"}}}}}
            """);
    var newer =
        JSON.readTree(
            """
            {"tables": {
              "flows": {"columns": {"id": {"data_type": "text", "nullable": false},
                                    "name": {"data_type": "text", "nullable": false},
                                    "added": {"data_type": "timestamp"}}},
              "flows__tags": {"columns": {"value": {"data_type": "text"}}}}}
            """);
    assertThat(SchemaDiff.between(older, newer))
        .containsExactly(
            new SchemaDiff.Change("column changed", "flows", "name", "text", "text not null"),
            new SchemaDiff.Change("column added", "flows", "added", null, "timestamp"),
            new SchemaDiff.Change("column removed", "flows", "gone", "bigint", null),
            new SchemaDiff.Change("table added", "flows__tags", null, null, null),
            new SchemaDiff.Change("column added", "flows__tags", "value", null, "text"),
            new SchemaDiff.Change("table removed", "old_table", null, null, null));
    assertThat(SchemaDiff.between(newer, newer)).isEmpty();
  }

  @Test
  void freshnessAgainstTheSchedule() {
    Instant now = Instant.parse("2026-01-01T12:00:00Z");
    Duration every = Duration.ofMinutes(15);
    LoadSummary loaded = summary(PackageStatus.LOADED);
    assertThat(Views.freshness(true, every, loaded, now.minusSeconds(20 * 60), now).badge())
        .isEqualTo("ok");
    assertThat(Views.freshness(true, every, loaded, now.minusSeconds(31 * 60), now).badge())
        .isEqualTo("late");
    assertThat(
            Views.freshness(true, every, summary(PackageStatus.FAILED), now.minusSeconds(60), now)
                .badge())
        .isEqualTo("failing");
    assertThat(Views.freshness(true, every, null, null, now).badge()).isEqualTo("never");
    assertThat(Views.freshness(true, Duration.ZERO, loaded, now, now).badge()).isEqualTo("manual");
    assertThat(Views.freshness(false, every, loaded, now, now).badge()).isEqualTo("disabled");
  }

  private static LoadSummary summary(PackageStatus status) {
    Instant at = Instant.parse("2026-01-01T11:00:00Z");
    return new LoadSummary(
        "1767265200.0",
        "acme",
        "acme_data",
        Trigger.SCHEDULE,
        status,
        at,
        at,
        at,
        List.of(),
        null,
        null);
  }
}
