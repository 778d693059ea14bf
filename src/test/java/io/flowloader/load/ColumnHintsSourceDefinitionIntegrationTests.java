package io.flowloader.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.support.JsonEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dlt's column hints {@code precision}, {@code scale}, {@code timezone} and {@code nested_hints}
 * through the user's path: a source definition written as dlt's docs write resource hints, records
 * served over HTTP, the application in one-shot mode (as {@link
 * GoldenSourceDefinitionIntegrationTests} runs its cases), then {@code information_schema} and the
 * stored values read back.
 *
 * <p>Where the expectations come from: the PostgreSQL types are those of dlt's {@code
 * PostgresTypeMapper} (postgres destination factory): {@code sct_to_dbt} {@code "text":
 * "varchar(%i)"}, {@code "timestamp": "timestamp (%i) with time zone"}, {@code "decimal":
 * "numeric(%i,%i)"}; {@code to_db_integer_type} ("precision is number of bits": ≤ 16 {@code
 * smallint}, ≤ 32 {@code integer}, ≤ 64 {@code bigint}); {@code to_db_datetime_type} (timezone
 * explicitly false: {@code without time zone}); a decimal without precision gets the capabilities'
 * {@code decimal_precision} (38, 9) through {@code TypeMapperImpl.decimal_precision}. The layout of
 * {@code nested_hints} (a list field's name, or a tuple path for deeper tables) is the one of dlt's
 * resource docs ({@code "purchases"}, {@code ("purchases", "coupons")} → {@code
 * customers__purchases__coupons}). A typed hint is a complete column, part of the table from its
 * creation on, ahead of the data columns, and a {@code json} hint stops flattening (dlt's schema
 * docs, "column hints"; docs/dlt-compatibility.md, "Column hints").
 */
class ColumnHintsSourceDefinitionIntegrationTests extends LoadTestSupport {

  private static final String RESOURCE_KEYS =
      """
          primary_key: id
          write_disposition: merge
          columns:
            code: {data_type: text, precision: 12}
            small: {data_type: bigint, precision: 16}
            medium: {data_type: bigint, precision: 32}
            at: {data_type: timestamp, precision: 3}
            naive: {data_type: timestamp, timezone: false}
            price: {data_type: decimal, precision: 10, scale: 2}
            amount: {data_type: decimal}
          nested_hints:
            - path: lines
              columns:
                log.entries: {data_type: json}
                qty: {data_type: bigint, precision: 16}
            - path: [lines, parts]
              columns:
                weight: {data_type: decimal, precision: 6, scale: 3}
      """;

  @TempDir Path dir;

  private JsonEndpoint endpoint;
  private String base;

  @BeforeEach
  void serve() throws Exception {
    endpoint = JsonEndpoint.start();
    base = endpoint.baseUrl();
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void hintsFromTheSourceDefinitionGiveDltsPostgresTypes() throws Exception {
    String ds = uniqueName("hints_yaml");
    endpoint.respond(
        "[{\"id\":1,\"code\":\"abc\",\"small\":5,\"medium\":70000,"
            + "\"at\":\"2024-05-01T10:00:00.123456+02:00\",\"naive\":\"2024-05-01T10:00:00+02:00\","
            + "\"price\":\"12.345\",\"amount\":1.5,"
            + "\"lines\":[{\"qty\":3,\"log\":{\"entries\":{\"6f1c\":{\"m\":\"x\"},\"9a2b\":{\"m\":\"y\"}}},"
            + "\"parts\":[{\"weight\":\"1.2345\"}]}]}]");
    assertThat(run(ds)).isZero();

    // typed hints are complete columns: first, in hint order; then the data by first appearance
    assertThat(columnTypes(ds, "orders"))
        .containsExactly(
            Map.entry("code", "character varying(12)"), // varchar(%i)
            Map.entry("small", "smallint"), // precision 16 bits
            Map.entry("medium", "integer"), // precision 32 bits
            Map.entry("at", "timestamp(3) with time zone"), // timestamp (%i) with time zone
            Map.entry("naive", "timestamp without time zone"), // timezone: false
            Map.entry("price", "numeric(10,2)"), // numeric(%i,%i)
            Map.entry("amount", "numeric(38,9)"), // decimal_precision default (38, 9)
            Map.entry("id", "bigint"),
            Map.entry("_dlt_load_id", "character varying"),
            Map.entry("_dlt_id", "character varying"));
    // nested_hints "lines": the json hint keeps the id-keyed map in one jsonb column
    assertThat(columnTypes(ds, "orders__lines"))
        .containsEntry("log__entries", "jsonb")
        .containsEntry("qty", "smallint")
        .doesNotContainKeys("log__entries__6f1c__m", "log__entries__9a2b__m");
    assertThat(columnNames(ds, "orders__lines")).startsWith("log__entries", "qty");
    // nested_hints ("lines", "parts"): the table two levels down
    assertThat(columnTypes(ds, "orders__lines__parts")).containsEntry("weight", "numeric(6,3)");

    Map<String, Object> row =
        jdbc.queryForMap(
            "SELECT naive::text AS naive, to_char(at AT TIME ZONE 'UTC', 'HH24:MI:SS.US') AS at,"
                + " price::text AS price, amount::text AS amount, small, medium FROM "
                + Sql.table(ds, "orders"));
    // timezone false: dlt coerces the value to UTC, then stores it without the zone
    assertThat(row.get("naive")).isEqualTo("2024-05-01 08:00:00");
    // precision 3: PostgreSQL rounds the fraction to milliseconds
    assertThat(row.get("at")).isEqualTo("08:00:00.123000");
    // decimals as dlt inserts them, PostgreSQL rounds to the column's scale
    assertThat(row.get("price")).isEqualTo("12.35");
    assertThat(row.get("amount")).isEqualTo("1.500000000");
    assertThat(((Number) row.get("small")).intValue()).isEqualTo(5);
    assertThat(((Number) row.get("medium")).intValue()).isEqualTo(70000);
    assertThat(
            jdbc.queryForObject(
                "SELECT log__entries->'9a2b'->>'m' FROM " + Sql.table(ds, "orders__lines"),
                String.class))
        .isEqualTo("y");
    assertThat(
            jdbc.queryForObject(
                "SELECT weight::text FROM " + Sql.table(ds, "orders__lines__parts"), String.class))
        .isEqualTo("1.235");

    // a second run meets the narrowed types in the database: merged, types kept
    endpoint.respond(
        "[{\"id\":1,\"code\":\"def\",\"small\":6,\"medium\":1,\"naive\":\"2024-06-01T00:00:00Z\","
            + "\"lines\":[{\"qty\":4,\"log\":{\"entries\":{\"77aa\":{\"m\":\"z\"}}}}]}]");
    assertThat(run(ds)).isZero();
    assertThat(columnTypes(ds, "orders")).containsEntry("code", "character varying(12)");
    assertThat(columnTypes(ds, "orders__lines")).doesNotContainKey("log__entries__77aa__m");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM " + Sql.table(ds, "orders"), Long.class))
        .isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT code || ' ' || naive::text FROM " + Sql.table(ds, "orders"), String.class))
        .isEqualTo("def 2024-06-01 00:00:00");
  }

  /**
   * A value too large for a narrowed type fails the load in PostgreSQL, as in dlt (the type mapper
   * narrows the column; nothing checks the value before the insert): nothing is committed.
   */
  @Test
  void aValueBeyondTheHintedPrecisionFailsTheLoad() throws Exception {
    String ds = uniqueName("hints_over");
    endpoint.respond("[{\"id\":1,\"small\":5}]");
    assertThat(run(ds)).isZero();
    endpoint.respond("[{\"id\":2,\"small\":70000}]");
    assertThat(run(ds)).isOne();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM " + Sql.table(ds, "orders"), Long.class))
        .isEqualTo(1);
  }

  private int run(String dataset) throws Exception {
    Path yaml = Files.createTempFile(dir, "hints", ".yaml");
    Files.writeString(
        yaml,
        "client:\n  base_url: \"{tenant.base_url}/\"\nresources:\n  - name: orders"
            + "\n    endpoint: {path: golden, data_selector: \"$\"}\n"
            + RESOURCE_KEYS);
    return GoldenSourceDefinitionIntegrationTests.runOnce(
        yaml, "hints-" + dataset.replace('_', '-'), base, dataset, "orders");
  }

  private List<String> columnNames(String dataset, String table) {
    return List.copyOf(columnTypes(dataset, table).keySet());
  }
}
