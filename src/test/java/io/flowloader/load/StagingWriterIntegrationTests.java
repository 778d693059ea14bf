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

  @Test
  void aStagingSchemaThatCannotBeCreatedFailsTheFirstWrite() {
    String tenant = uniqueName("staging-schema");
    String dataset = uniqueName("staging_schema");
    StagingWriter writer = loader.open(tenant, dataset, Trigger.MANUAL, List.of("flows"));
    jdbc.execute("CREATE SCHEMA " + Sql.quote(writer.loadPackage().stagingSchema()));

    assertThatThrownBy(
            () ->
                writer.write(
                    flows,
                    new NormalizedRow("flows", new Object[] {"f1", "one", writer.loadId(), "r"})))
        .isInstanceOf(LoadException.class)
        .hasMessageContaining("staging of load " + writer.loadId() + " failed");
    writer.fail("staging failed");
    assertThat(DatasetCatalog.schemaExists(jdbc, writer.loadPackage().stagingSchema())).isFalse();
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
