package io.flowloader.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.normalize.ColumnHint;
import io.flowloader.normalize.DataType;
import io.flowloader.normalize.Normalizer;
import io.flowloader.normalize.ResourceSettings;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.WriteDisposition;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * dlt's column hints {@code precision}, {@code scale}, {@code timezone} and {@code nested_hints}
 * loaded into real PostgreSQL: the column types in {@code information_schema} are those dlt's
 * PostgreSQL type mapper creates, a value for a column without time zone is stored as its UTC wall
 * time, and a second load into the same tables (whose types the commit checks) succeeds.
 */
class ColumnHintsIntegrationTests extends LoadTestSupport {

  private static final String RESOURCE = "states";

  private static final ResourceSettings SETTINGS =
      ResourceSettings.of(WriteDisposition.MERGE, "id")
          .withColumns(
              List.of(
                  new ColumnHint("code", DataType.TEXT, null, false, 12, null, null),
                  new ColumnHint("small", DataType.BIGINT, null, false, 16, null, null),
                  new ColumnHint("medium", DataType.BIGINT, null, false, 32, null, null),
                  new ColumnHint("at", DataType.TIMESTAMP, null, false, 3, null, null),
                  new ColumnHint("naive", DataType.TIMESTAMP, null, false, null, null, false),
                  new ColumnHint("price", DataType.DECIMAL, null, false, 10, 2, null),
                  new ColumnHint("amount", DataType.DECIMAL, null, false)))
          .withNestedColumns(
              Map.of(
                  List.of("stateEntries"),
                  List.of(
                      new ColumnHint("log.entries", DataType.JSON, null, false),
                      new ColumnHint("weight", DataType.BIGINT, null, false, 16, null, null))));

  @Test
  void hintedTypesReachPostgres() {
    String dataset = uniqueName("hints");
    load(
        dataset,
        "{\"id\":1,\"code\":\"abc\",\"small\":5,\"medium\":70000,"
            + "\"at\":\"2024-05-01T10:00:00.123456+02:00\",\"naive\":\"2024-05-01T10:00:00+02:00\","
            + "\"price\":\"12.345\",\"amount\":1.5,"
            + "\"stateEntries\":[{\"weight\":3,\"log\":{\"entries\":{\"6f1c\":{\"m\":\"x\"},"
            + "\"9a2b\":{\"m\":\"y\"}}}}]}");

    Map<String, String> root = columnTypes(dataset, "states");
    assertThat(root)
        .containsEntry("code", "character varying(12)")
        .containsEntry("small", "smallint")
        .containsEntry("medium", "integer")
        .containsEntry("at", "timestamp(3) with time zone")
        .containsEntry("naive", "timestamp without time zone")
        .containsEntry("price", "numeric(10,2)")
        .containsEntry("amount", "numeric(38,9)")
        .containsEntry("id", "bigint");
    Map<String, String> nested = columnTypes(dataset, "states__state_entries");
    assertThat(nested)
        .containsEntry("log__entries", "jsonb")
        .containsEntry("weight", "smallint")
        .doesNotContainKey("log__entries__6f1c__m");

    Map<String, Object> row =
        jdbc.queryForMap(
            "SELECT naive::text AS naive, at AT TIME ZONE 'UTC' AS at_utc, price::text AS price"
                + " FROM "
                + Sql.table(dataset, "states"));
    // dlt converts to UTC, then drops the zone
    assertThat(row.get("naive")).isEqualTo("2024-05-01 08:00:00");
    assertThat(row.get("at_utc").toString()).isEqualTo("2024-05-01 08:00:00.123");
    assertThat(row.get("price")).isEqualTo("12.35");
    assertThat(
            jdbc.queryForObject(
                "SELECT log__entries->'9a2b'->>'m' FROM "
                    + Sql.table(dataset, "states__state_entries"),
                String.class))
        .isEqualTo("y");

    // the next load meets the hinted types in the database and in the stored schema
    load(
        dataset,
        "{\"id\":1,\"code\":\"def\",\"small\":6,\"medium\":1,\"naive\":\"2024-06-01T00:00:00Z\","
            + "\"extra\":true}");
    assertThat(columnTypes(dataset, "states")).containsEntry("code", "character varying(12)");
    assertThat(
            jdbc.queryForObject(
                "SELECT naive::text FROM " + Sql.table(dataset, "states"), String.class))
        .isEqualTo("2024-06-01 00:00:00");
  }

  private void load(String dataset, String... records) {
    Schema current = loader.currentSchema(dataset, "boomi_flow").orElse(Schema.empty("boomi_flow"));
    try (StagingWriter writer = loader.open("hints", dataset, Trigger.MANUAL, List.of(RESOURCE))) {
      Normalizer normalizer = new Normalizer(current, writer.loadId(), Map.of(RESOURCE, SETTINGS));
      normalizer.deferChildIds(true);
      for (String record : records) {
        normalizer.normalize(
            RESOURCE,
            JsonMapper.shared().readTree(record),
            row -> writer.write(normalizer.schema().table(row.table()), row));
      }
      LoadPackage loaded = loader.commit(writer.finish(normalizer.schema(), Map.of(), null));
      assertThat(loaded.status()).isEqualTo(PackageStatus.LOADED);
    }
  }
}
