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
 * dlt's {@code scd2} merge strategy through the user's path: a source definition in dlt's form, the
 * application in one-shot mode once per run (as {@link GoldenSourceDefinitionIntegrationTests} runs
 * the golden cases), then the table read back.
 *
 * <p>Where the expectations come from: dlt's merge-loading docs, section "scd2 strategy" (the
 * {@code dim_customer} runs: insert, update retires the old version and inserts the new one with
 * the same boundary timestamp, a record absent from a full load is retired; "incremental scd2":
 * with {@code merge_key} absent records stay active; validity column names, active record
 * timestamp, boundary timestamp, own row hash via {@code row_version_column_name} with random
 * {@code _dlt_id}s; "nested tables" carry no validity columns and link by {@code _dlt_root_id});
 * the note there that the root's {@code _dlt_id} is not unique (insert-delete-reinsert); dlt's
 * {@code DataItemNormalizer.get_row_hash} (SHAKE-128 over {@code json.dumps(record without _dlt*
 * keys, sort_keys=True)}, the record before flattening, so a change in a nested list is a new
 * version); {@code SqlMergeJob.gen_scd2_sql} (retire = active and hash not staged [and merge key
 * staged]; insert = staged hash not active; nested tables insert-only by {@code _dlt_id}); the scd2
 * hints in dlt's {@code DltResourceHints} (validity columns are complete nullable timestamps added
 * after the resource's column hints, so they lead the table).
 */
class Scd2SourceDefinitionIntegrationTests extends LoadTestSupport {

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

  /** The docs' dim_customer runs (full extracts): insert, change, delete, and a re-insert. */
  @Test
  void fullLoadsRetireChangedAndAbsentRecords() throws Exception {
    String ds = uniqueName("scd2_full");
    String keys = "write_disposition: {disposition: merge, strategy: scd2}";
    endpoint.respond(
        "[{\"customer_key\":1,\"c1\":\"foo\",\"c2\":1},{\"customer_key\":2,\"c1\":\"bar\",\"c2\":2}]");
    assertThat(run(ds, keys)).isZero();
    // validity columns first (hints), data by first appearance, lineage last
    assertThat(columnsOf(ds, "dim_customer"))
        .containsExactly(
            "_dlt_valid_from",
            "_dlt_valid_to",
            "customer_key",
            "c1",
            "c2",
            "_dlt_load_id",
            "_dlt_id");
    // row hashes = SHAKE-128 of the sorted compact JSON (computed with Python's hashlib):
    // {"c1":"foo","c2":1,"customer_key":1} -> SJ3pezeFVqFPPw, {"c1":"bar",...} -> K9cWlIbrJqzCCA
    List<Map<String, Object>> run1 = rows(ds);
    assertThat(run1)
        .extracting(r -> r.get("_dlt_id"))
        .containsExactly("SJ3pezeFVqFPPw", "K9cWlIbrJqzCCA");
    assertThat(run1).allSatisfy(r -> assertThat(r.get("_dlt_valid_to")).isNull());
    Object t1 = run1.get(0).get("_dlt_valid_from");
    assertThat(t1).isNotNull().isEqualTo(run1.get(1).get("_dlt_valid_from"));

    endpoint.respond(
        "[{\"customer_key\":1,\"c1\":\"foo_updated\",\"c2\":1},"
            + "{\"customer_key\":2,\"c1\":\"bar\",\"c2\":2}]");
    assertThat(run(ds, keys)).isZero();
    List<Map<String, Object>> run2 = rows(ds);
    assertThat(run2).hasSize(3);
    Object t2 = row(run2, "vNg2V/fy8PHGAw").get("_dlt_valid_from");
    assertThat((String) t2).isGreaterThan((String) t1);
    assertThat(row(run2, "SJ3pezeFVqFPPw").get("_dlt_valid_to")).isEqualTo(t2);
    assertThat(row(run2, "K9cWlIbrJqzCCA").get("_dlt_valid_to")).isNull();
    assertThat(row(run2, "vNg2V/fy8PHGAw").get("_dlt_valid_to")).isNull();

    endpoint.respond("[{\"customer_key\":1,\"c1\":\"foo_updated\",\"c2\":1}]");
    assertThat(run(ds, keys)).isZero();
    List<Map<String, Object>> run3 = rows(ds);
    assertThat(run3).hasSize(3);
    Object t3 = row(run3, "K9cWlIbrJqzCCA").get("_dlt_valid_to");
    assertThat((String) t3).isGreaterThan((String) t2);
    assertThat(row(run3, "vNg2V/fy8PHGAw").get("_dlt_valid_to")).isNull();

    // insert-delete-reinsert: the same row hash twice, so _dlt_id carries no UNIQUE constraint
    endpoint.respond(
        "[{\"customer_key\":1,\"c1\":\"foo_updated\",\"c2\":1},"
            + "{\"customer_key\":2,\"c1\":\"bar\",\"c2\":2}]");
    assertThat(run(ds, keys)).isZero();
    List<Map<String, Object>> run4 = rows(ds);
    assertThat(run4).hasSize(4);
    assertThat(run4.stream().filter(r -> r.get("_dlt_id").equals("K9cWlIbrJqzCCA")).toList())
        .hasSize(2)
        .anySatisfy(r -> assertThat(r.get("_dlt_valid_to")).isNull());
    // the version history lands in _dlt_version with dlt's x-hints
    String schema =
        jdbc.queryForObject(
            "SELECT schema FROM "
                + Sql.table(ds, "_dlt_version")
                + " ORDER BY version DESC LIMIT 1",
            String.class);
    assertThat(schema)
        .contains("\"x-merge-strategy\":\"scd2\"")
        .contains("\"x-valid-from\":true")
        .contains("\"x-row-version\":true");
  }

  /** Docs "incremental scd2", case 1: with merge_key, absent records are not retired. */
  @Test
  void mergeKeyKeepsAbsentRecordsActive() throws Exception {
    String ds = uniqueName("scd2_incr");
    String keys =
        "merge_key: customer_key\n    write_disposition: {disposition: merge, strategy: scd2}";
    endpoint.respond(
        "[{\"customer_key\":1,\"c1\":\"foo\",\"c2\":1},{\"customer_key\":2,\"c1\":\"bar\",\"c2\":2}]");
    assertThat(run(ds, keys)).isZero();
    endpoint.respond("[{\"customer_key\":1,\"c1\":\"foo_updated\",\"c2\":1}]");
    assertThat(run(ds, keys)).isZero();
    List<Map<String, Object>> rows = rows(ds);
    assertThat(rows).hasSize(3);
    assertThat(row(rows, "K9cWlIbrJqzCCA").get("_dlt_valid_to")).isNull();
    assertThat(row(rows, "SJ3pezeFVqFPPw").get("_dlt_valid_to"))
        .isEqualTo(row(rows, "vNg2V/fy8PHGAw").get("_dlt_valid_from"));
  }

  /**
   * Nested lists: the row hash covers the record with its lists, so a change in a list alone is a
   * new version; child rows hang off the version's hash and are only ever inserted.
   */
  @Test
  void childTablesFollowTheVersionsRowHash() throws Exception {
    String ds = uniqueName("scd2_child");
    String keys = "write_disposition: {disposition: merge, strategy: scd2}";
    endpoint.respond(
        "[{\"customer_key\":1,\"tags\":[\"a\",\"b\"]},{\"customer_key\":2,\"tags\":[\"c\"]}]");
    assertThat(run(ds, keys)).isZero();
    assertThat(columnsOf(ds, "dim_customer__tags"))
        .containsExactly("value", "_dlt_root_id", "_dlt_parent_id", "_dlt_list_idx", "_dlt_id");
    assertThat(count(ds, "dim_customer__tags")).isEqualTo(3);

    endpoint.respond(
        "[{\"customer_key\":1,\"tags\":[\"a\",\"b\",\"x\"]},{\"customer_key\":2,\"tags\":[\"c\"]}]");
    assertThat(run(ds, keys)).isZero();
    assertThat(count(ds, "dim_customer")).isEqualTo(3);
    // the new version's three tags; the unchanged record adds none
    assertThat(count(ds, "dim_customer__tags")).isEqualTo(6);
    String newVersion =
        jdbc.queryForObject(
            "SELECT _dlt_id FROM "
                + Sql.table(ds, "dim_customer")
                + " WHERE customer_key = 1 AND _dlt_valid_to IS NULL",
            String.class);
    assertThat(
            jdbc.queryForList(
                "SELECT value FROM "
                    + Sql.table(ds, "dim_customer__tags")
                    + " WHERE _dlt_root_id = ? ORDER BY _dlt_list_idx",
                String.class,
                newVersion))
        .containsExactly("a", "b", "x");
    // every child row belongs to a root version
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM "
                    + Sql.table(ds, "dim_customer__tags")
                    + " c WHERE NOT EXISTS (SELECT 1 FROM "
                    + Sql.table(ds, "dim_customer")
                    + " r WHERE r._dlt_id = c._dlt_root_id)",
                Long.class))
        .isZero();
  }

  /** Docs: validity_column_names, active_record_timestamp, boundary_timestamp, own row hash. */
  @Test
  void optionsNameTheColumnsAndFixTheTimestamps() throws Exception {
    String ds = uniqueName("scd2_opts");
    String keys =
        "write_disposition:\n      disposition: merge\n      strategy: scd2\n"
            + "      validity_column_names: [valid_from, valid_to]\n"
            + "      active_record_timestamp: \"9999-12-31\"\n"
            + "      boundary_timestamp: \"2024-08-21T12:15:00+00:00\"\n"
            + "      row_version_column_name: row_hash";
    endpoint.respond(
        "[{\"customer_key\":1,\"c1\":\"foo\",\"row_hash\":\"h1\"},{\"customer_key\":2,\"c1\":\"bar\",\"row_hash\":\"h2\"}]");
    assertThat(run(ds, keys)).isZero();
    assertThat(columnsOf(ds, "dim_customer"))
        .containsExactly(
            "valid_from", "valid_to", "customer_key", "c1", "row_hash", "_dlt_load_id", "_dlt_id");
    // c1 changed but the row version did not: no new version (the row hash is the user's)
    endpoint.respond(
        "[{\"customer_key\":1,\"c1\":\"foo2\",\"row_hash\":\"h1\"},{\"customer_key\":2,\"c1\":\"baz\",\"row_hash\":\"h3\"}]");
    assertThat(run(ds, keys)).isZero();
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT row_hash, c1, _dlt_id,"
                + " to_char(valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS f,"
                + " to_char(valid_to AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS t FROM "
                + Sql.table(ds, "dim_customer")
                + " ORDER BY row_hash");
    assertThat(rows).extracting(r -> r.get("row_hash")).containsExactly("h1", "h2", "h3");
    assertThat(rows).extracting(r -> r.get("c1")).containsExactly("foo", "bar", "baz");
    assertThat(rows).allSatisfy(r -> assertThat(r.get("f")).isEqualTo("2024-08-21 12:15:00"));
    assertThat(rows)
        .extracting(r -> r.get("t"))
        .containsExactly("9999-12-31 00:00:00", "2024-08-21 12:15:00", "9999-12-31 00:00:00");
    // _dlt_id is random with an own row version: unique, and not the row hash of the record
    assertThat(rows).extracting(r -> r.get("_dlt_id")).doesNotHaveDuplicates();
  }

  /**
   * Floats in the row hash as dlt serializes them (orjson: {@code 1e20}, {@code -0.0}, infinity as
   * null); the hashes were computed in Python as {@code Scd2RowHashTests} describes, from these
   * exact response bodies.
   */
  @Test
  void rowHashesOfFloatsAreDlts() throws Exception {
    String ds = uniqueName("scd2_floats");
    endpoint.respond(
        "[{\"customer_key\":1,\"price\":1e20},{\"customer_key\":2,\"price\":0.1},"
            + "{\"customer_key\":3,\"price\":-0.0},{\"customer_key\":4,\"price\":1.0},"
            + "{\"customer_key\":5,\"price\":1e400}]");
    assertThat(run(ds, "write_disposition: {disposition: merge, strategy: scd2}")).isZero();
    assertThat(
            jdbc.queryForList(
                "SELECT _dlt_id FROM " + Sql.table(ds, "dim_customer") + " ORDER BY customer_key",
                String.class))
        .containsExactly(
            "7RnqTkNRocN/xw",
            "1SkMd6Tt2kBqfA",
            "PYnISP3ih4gEVA",
            "eTLQEaSDnGuXxA",
            "a3QGv6RA9ZClbw");
  }

  private int run(String dataset, String resourceKeys) throws Exception {
    Path yaml = Files.createTempFile(dir, "scd2", ".yaml");
    Files.writeString(
        yaml,
        "client:\n  base_url: \"{tenant.base_url}/\"\nresources:\n  - name: dim_customer"
            + "\n    endpoint: {path: golden, data_selector: \"$\"}\n    "
            + resourceKeys
            + "\n");
    return GoldenSourceDefinitionIntegrationTests.runOnce(
        yaml, "scd2-" + dataset.replace('_', '-'), base, dataset, "dim_customer");
  }

  /** The root rows in insertion order, validity columns as UTC text (microseconds). */
  private List<Map<String, Object>> rows(String dataset) {
    return jdbc.queryForList(
        "SELECT _dlt_id,"
            + " to_char(_dlt_valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
            + " AS _dlt_valid_from,"
            + " to_char(_dlt_valid_to AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
            + " AS _dlt_valid_to FROM "
            + Sql.table(dataset, "dim_customer")
            + " ORDER BY _dlt_valid_from, customer_key");
  }

  private static Map<String, Object> row(List<Map<String, Object>> rows, String id) {
    List<Map<String, Object>> found =
        rows.stream().filter(r -> r.get("_dlt_id").equals(id)).toList();
    assertThat(found).as("rows with _dlt_id " + id).hasSize(1);
    return found.get(0);
  }

  private long count(String dataset, String table) {
    return jdbc.queryForObject("SELECT count(*) FROM " + Sql.table(dataset, table), Long.class);
  }

  private List<String> columnsOf(String dataset, String table) {
    return jdbc.queryForList(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ?"
            + " AND table_name = ? ORDER BY ordinal_position",
        String.class,
        dataset,
        table);
  }
}
