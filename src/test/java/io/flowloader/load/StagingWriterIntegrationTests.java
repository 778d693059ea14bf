package io.flowloader.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowloader.normalize.DataType;
import io.flowloader.normalize.NormalizedRow;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.TableSchema;
import io.flowloader.normalize.WriteDisposition;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Staging with its background sender: lazily created schema, order, failures surfacing. */
class StagingWriterIntegrationTests extends LoadTestSupport {

  private final TableSchema flows =
      root("flows", WriteDisposition.MERGE, pk("id", DataType.TEXT), col("name", DataType.TEXT));
  private final Schema schema = new Schema("boomi_flow", 2, "", Map.of("flows", flows));

  @Test
  void aLoadWithoutRowsCreatesNoStagingSchemaAndStillCommits() {
    String tenant = uniqueName("staging-empty");
    String dataset = uniqueName("staging_empty");
    StagingWriter writer = loader.open(tenant, dataset, Trigger.MANUAL, List.of("flows"));
    LoadPackage staged = writer.finish(schema, Map.of(), "[]");
    assertThat(DatasetCatalog.schemaExists(jdbc, staged.stagingSchema())).isFalse();

    LoadPackage loaded = loader.commit(staged);

    assertThat(loaded.status()).isEqualTo(PackageStatus.LOADED);
    assertThat(
            jdbc.queryForList(
                "SELECT load_id FROM " + Sql.table(dataset, "_dlt_loads"), String.class))
        .containsExactly(staged.loadId());
  }

  @Test
  void rowsOfManyBatchesArriveInOrder() {
    String tenant = uniqueName("staging-order");
    String dataset = uniqueName("staging_order");
    StagingWriter writer = loader.open(tenant, dataset, Trigger.MANUAL, List.of("flows"));
    String name = "x".repeat(1000);
    int rows = 3 * StagingWriter.FLUSH_CHARS / 1000; // several COPY batches
    for (int i = 0; i < rows; i++) {
      writer.write(
          flows,
          new NormalizedRow("flows", new Object[] {"f" + i, name, writer.loadId(), "r" + i}));
    }
    LoadPackage staged = writer.finish(schema, Map.of(), "[]");
    List<String> ids =
        jdbc.queryForList(
            "SELECT id FROM "
                + Sql.table(staged.stagingSchema(), "flows")
                + " ORDER BY "
                + Sql.quote(Ddl.SEQ),
            String.class);
    assertThat(ids).hasSize(rows).startsWith("f0", "f1").endsWith("f" + (rows - 1));
    assertThat(loader.commit(staged).rows()).isEqualTo(rows);
  }

  @Test
  void aFailedStatementFailsTheLoadAndFailDropsTheStaging() {
    String tenant = uniqueName("staging-fail");
    String dataset = uniqueName("staging_fail");
    TableSchema tags = root("tags", WriteDisposition.APPEND, col("value", DataType.TEXT));
    StagingWriter writer = loader.open(tenant, dataset, Trigger.MANUAL, List.of("flows", "tags"));
    writer.write(
        flows, new NormalizedRow("flows", new Object[] {"f1", "one", writer.loadId(), "r"}));
    // The second sender's CREATE TABLE will fail: the table is already there.
    jdbc.execute(
        "CREATE TABLE " + Sql.table(writer.loadPackage().stagingSchema(), "tags") + " (x int)");
    writer.write(tags, new NormalizedRow("tags", new Object[] {"v", writer.loadId(), "t"}));

    assertThatThrownBy(() -> writer.finish(schema, Map.of(), "[]"))
        .isInstanceOf(LoadException.class)
        .hasMessageContaining("staging of load " + writer.loadId() + " failed");
    writer.fail("staging failed");
    assertThat(DatasetCatalog.schemaExists(jdbc, writer.loadPackage().stagingSchema())).isFalse();
  }

  /**
   * A tenant's staging tables outlive its loads: the next load writes into the same table (no
   * catalog rows), adding a column the schema gained, and sees none of the earlier rows, also rows
   * a package that ended without a commit might have left; a load open at the same time for the
   * same tenant stages into another schema.
   */
  @Test
  void stagingTablesAreReusedEmptyByTheTenantsNextLoad() {
    String tenant = uniqueName("staging-reuse");
    String dataset = uniqueName("staging_reuse");
    // first load: the dataset table is new, its staging table is adopted
    load(tenant, dataset, schema, "f0");
    // second load: an UNLOGGED staging table, emptied by the commit, stays
    LoadPackage second = load(tenant, dataset, schema, "f1", "f2");
    String staging = second.stagingSchema();
    Long oid =
        jdbc.queryForObject(
            "SELECT to_regclass(?)::oid::bigint", Long.class, Sql.table(staging, "flows"));
    assertThat(oid).isNotNull();
    assertThat(rowsIn(staging)).isZero();
    // a row left behind (a package whose staging could not be dropped) is not the next load's
    jdbc.update(
        "INSERT INTO " + Sql.table(staging, "flows") + " (id, \"#seq\") VALUES ('stray', 1)");

    List<io.flowloader.normalize.Column> columns = new java.util.ArrayList<>(flows.columns());
    columns.add(col("extra", DataType.BIGINT));
    TableSchema wider = new TableSchema("flows", null, "flows", WriteDisposition.MERGE, columns);
    Schema evolved = new Schema("boomi_flow", 3, "", Map.of("flows", wider));
    StagingWriter writer = loader.open(tenant, dataset, Trigger.MANUAL, List.of("flows"));
    StagingWriter concurrent = loader.open(tenant, dataset, Trigger.MANUAL, List.of("flows"));
    assertThat(writer.loadPackage().stagingSchema()).isEqualTo(staging);
    assertThat(concurrent.loadPackage().stagingSchema()).isNotEqualTo(staging);
    concurrent.abort("test");
    writer.write(
        wider, new NormalizedRow("flows", new Object[] {"f3", "three", writer.loadId(), "r3", 7L}));
    LoadPackage staged = writer.finish(evolved, Map.of(), "[]");
    assertThat(
            jdbc.queryForObject(
                "SELECT to_regclass(?)::oid::bigint", Long.class, Sql.table(staging, "flows")))
        .isEqualTo(oid);
    assertThat(jdbc.queryForList("SELECT id FROM " + Sql.table(staging, "flows"), String.class))
        .containsExactly("f3");
    assertThat(loader.commit(staged).status()).isEqualTo(PackageStatus.LOADED);

    assertThat(
            jdbc.queryForList(
                "SELECT id || ':' || coalesce(extra::text, '-') FROM "
                    + Sql.table(dataset, "flows")
                    + " ORDER BY id",
                String.class))
        .containsExactly("f0:-", "f1:-", "f2:-", "f3:7");
    assertThat(rowsIn(staging)).isZero();
  }

  /**
   * A large load into a reused staging table: its merge key gets the staging index that proves each
   * key came once, and the commit drops that index and empties the table with TRUNCATE; the next
   * load writes into the same table again, without the index.
   */
  @Test
  void aLargeLoadIntoAReusedStagingTableLeavesItEmptyAndWithoutIndexes() {
    String tenant = uniqueName("staging-large");
    String dataset = uniqueName("staging_large");
    load(tenant, dataset, schema, "f0");
    String[] ids = new String[(int) StagingWriter.KEY_INDEX_MIN_ROWS];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "k" + i;
    }
    StagingWriter writer = loader.open(tenant, dataset, Trigger.MANUAL, List.of("flows"));
    for (String id : ids) {
      writer.write(flows, new NormalizedRow("flows", new Object[] {id, "n", writer.loadId(), id}));
    }
    LoadPackage staged = writer.finish(schema, Map.of(), "[]");
    String staging = staged.stagingSchema();
    Long oid =
        jdbc.queryForObject(
            "SELECT to_regclass(?)::oid::bigint", Long.class, Sql.table(staging, "flows"));
    assertThat(DatasetCatalog.indexes(jdbc, staging).get("flows"))
        .singleElement()
        .satisfies(i -> assertThat(i.name()).startsWith(Ddl.KEY_INDEX_PREFIX));
    assertThat(loader.commit(staged).rows()).isEqualTo(ids.length);

    assertThat(DatasetCatalog.indexes(jdbc, staging)).doesNotContainKey("flows");
    assertThat(rowsIn(staging)).isZero();
    load(tenant, dataset, schema, "k1");
    assertThat(
            jdbc.queryForObject(
                "SELECT to_regclass(?)::oid::bigint", Long.class, Sql.table(staging, "flows")))
        .isEqualTo(oid);
    assertThat(
            jdbc.queryForObject("SELECT count(*) FROM " + Sql.table(dataset, "flows"), Long.class))
        .isEqualTo(ids.length + 1);
  }

  private LoadPackage load(String tenant, String dataset, Schema s, String... ids) {
    StagingWriter writer = loader.open(tenant, dataset, Trigger.MANUAL, List.of("flows"));
    for (String id : ids) {
      writer.write(
          s.table("flows"),
          new NormalizedRow("flows", new Object[] {id, "n", writer.loadId(), "r" + id}));
    }
    LoadPackage loaded = loader.commit(writer.finish(s, Map.of(), "[]"));
    assertThat(loaded.status()).isEqualTo(PackageStatus.LOADED);
    return loaded;
  }

  /**
   * With table failures isolated, a table PostgreSQL rejects (here more than 1600 columns, which
   * the normalizer would refuse earlier) fails alone: {@link StagingWriter#settle} names it with
   * the server's cause, the other tables stage, and the package commits without it.
   */
  @Test
  void anIsolatedTableFailureFailsOnlyThatTable() {
    String tenant = uniqueName("staging-isolate");
    String dataset = uniqueName("staging_isolate");
    io.flowloader.normalize.Column[] many = new io.flowloader.normalize.Column[1700];
    for (int i = 0; i < many.length; i++) {
      many[i] = col("c" + i, DataType.BIGINT);
    }
    TableSchema wide = root("wide", WriteDisposition.APPEND, many);
    StagingWriter writer = loader.open(tenant, dataset, Trigger.MANUAL, List.of("flows", "wide"));
    writer.isolateTableFailures();
    writer.write(
        flows, new NormalizedRow("flows", new Object[] {"f1", "one", writer.loadId(), "r"}));
    writer.write(wide, new NormalizedRow("wide", new Object[] {1L}));
    writer.write(wide, new NormalizedRow("wide", new Object[] {2L}));
    writer.write(
        flows, new NormalizedRow("flows", new Object[] {"f2", "two", writer.loadId(), "s"}));

    Map<String, RuntimeException> failed = writer.settle();

    assertThat(failed).containsOnlyKeys("wide");
    assertThat(failed.get("wide"))
        .hasMessageContaining("[statement CREATE TABLE]")
        .rootCause()
        .hasMessageContaining("tables can have at most 1600 columns");
    Schema both = new Schema("boomi_flow", 2, "", Map.of("flows", flows));
    LoadPackage staged = writer.finish(both, Map.of(), "[]", java.util.Set.of("wide"), "wide: x");
    assertThat(staged.jobs()).extracting(j -> j.tableName()).containsExactly("flows");
    LoadPackage loaded = loader.commit(staged);
    assertThat(loaded.status()).isEqualTo(PackageStatus.PARTIAL);
    assertThat(
            jdbc.queryForObject("SELECT count(*) FROM " + Sql.table(dataset, "flows"), Long.class))
        .isEqualTo(2);
    assertThat(DatasetCatalog.tables(jdbc, dataset)).doesNotContainKey("wide");
  }

  /** Without isolation the same failure fails the load, as before. */
  @Test
  void withoutIsolationATableFailureFailsTheLoad() {
    String tenant = uniqueName("staging-noisolate");
    String dataset = uniqueName("staging_noisolate");
    io.flowloader.normalize.Column[] many = new io.flowloader.normalize.Column[1700];
    for (int i = 0; i < many.length; i++) {
      many[i] = col("c" + i, DataType.BIGINT);
    }
    TableSchema wide = root("wide", WriteDisposition.APPEND, many);
    StagingWriter writer = loader.open(tenant, dataset, Trigger.MANUAL, List.of("wide"));
    writer.write(wide, new NormalizedRow("wide", new Object[] {1L}));
    assertThatThrownBy(writer::settle).isInstanceOf(LoadException.class);
    writer.fail("staging failed");
  }
}
