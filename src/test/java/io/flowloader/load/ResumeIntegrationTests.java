package io.flowloader.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.normalize.DataType;
import io.flowloader.normalize.NormalizedRow;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.TableSchema;
import io.flowloader.normalize.WriteDisposition;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadPackages;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import io.flowloader.state.Cursor;
import io.flowloader.state.CursorKey;
import io.flowloader.state.CursorType;
import io.flowloader.state.StateStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Resume rules: what the next load of a tenant does with packages a killed process left. */
class ResumeIntegrationTests extends LoadTestSupport {

  @Autowired LoadPackages packages;
  @Autowired StateStore stateStore;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TableSchema flows =
      root("flows", WriteDisposition.MERGE, pk("id", DataType.TEXT), col("name", DataType.TEXT));
  private final Schema schema = new Schema("boomi_flow", 2, "", Map.of("flows", flows));

  @Test
  void aStagedPackageIsCommittedByTheNextLoadWithoutRefetching() {
    String tenant = uniqueName("resume-staged");
    String dataset = uniqueName("resume_staged");
    CursorKey key = CursorKey.of("flows");
    Cursor cursor =
        new Cursor("dateModified", CursorType.TIMESTAMP, "2025-03-01T00:00:00Z", List.of("f1"));
    StagingWriter writer = loader.open(tenant, dataset, Trigger.SCHEDULE, List.of("flows"));
    writer.write(
        flows, new NormalizedRow("flows", new Object[] {"f1", "one", writer.loadId(), "r1"}));
    writer.write(
        flows, new NormalizedRow("flows", new Object[] {"f2", "two", writer.loadId(), "r2"}));
    LoadPackage staged = writer.finish(schema, Map.of(key, cursor), "[]");
    // ... the process dies here, before the commit.
    assertThat(staged.status()).isEqualTo(PackageStatus.STAGED);
    assertThat(DatasetCatalog.schemaExists(jdbc, dataset)).isFalse();
    assertThat(stateStore.load(tenant)).isEmpty();

    List<LoadPackage> resumed = loader.resume(tenant);

    assertThat(resumed)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.loadId()).isEqualTo(staged.loadId());
              assertThat(p.status()).isEqualTo(PackageStatus.LOADED);
            });
    assertThat(
            jdbc.queryForList(
                "SELECT id FROM " + Sql.table(dataset, "flows") + " ORDER BY id", String.class))
        .containsExactly("f1", "f2");
    assertThat(
            jdbc.queryForList(
                "SELECT load_id FROM " + Sql.table(dataset, "_dlt_loads"), String.class))
        .containsExactly(staged.loadId());
    assertThat(stateStore.load(tenant)).containsExactly(Map.entry(key, cursor));
    // dlt's pipeline state row carries the cursor: zlib + Base64 of the state JSON
    String state =
        jdbc.queryForObject(
            "SELECT state FROM " + Sql.table(dataset, "_dlt_pipeline_state"), String.class);
    JsonNode decoded = JSON.readTree(inflate(Base64.getDecoder().decode(state)));
    assertThat(decoded.get("_state_version").asInt()).isEqualTo(1);
    assertThat(decoded.get("dataset_name").asString()).isEqualTo(dataset);
    assertThat(
            decoded
                .at("/sources/boomi_flow/resources/flows/incremental/dateModified/last_value")
                .asString())
        .isEqualTo("2025-03-01T00:00:00Z");
    assertThat(rowsIn(staged.stagingSchema())).as("rows left in staging").isZero();
    assertThat(packages.unfinished(tenant)).isEmpty();
    assertThat(loader.resume(tenant)).isEmpty();
  }

  @Test
  void aStagedPackageThatLostStagedRowsFailsInsteadOfCommittingPartially() {
    String tenant = uniqueName("resume-lost");
    String dataset = uniqueName("resume_lost");
    StagingWriter writer = loader.open(tenant, dataset, Trigger.SCHEDULE, List.of("flows"));
    writer.write(
        flows, new NormalizedRow("flows", new Object[] {"f1", "one", writer.loadId(), "r1"}));
    CursorKey key = CursorKey.of("flows");
    LoadPackage staged =
        writer.finish(schema, Map.of(key, new Cursor("d", CursorType.TEXT, "z", List.of())), null);
    jdbc.execute("TRUNCATE " + Sql.table(staged.stagingSchema(), "flows"));

    List<LoadPackage> resumed = loader.resume(tenant);

    assertThat(resumed)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PackageStatus.FAILED);
              assertThat(p.error()).contains("lost rows of flows");
            });
    assertThat(stateStore.load(tenant)).isEmpty();
    assertThat(DatasetCatalog.schemaExists(jdbc, dataset)).isFalse();
    assertThat(DatasetCatalog.schemaExists(jdbc, staged.stagingSchema())).isFalse();
  }

  static byte[] inflate(byte[] zlib) {
    try {
      Inflater inflater = new Inflater();
      inflater.setInput(zlib);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      while (!inflater.finished()) {
        out.write(buf, 0, inflater.inflate(buf));
      }
      return out.toByteArray();
    } catch (java.util.zip.DataFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aPackageInterruptedDuringExtractionIsAbortedAndItsStagingDropped() {
    String tenant = uniqueName("resume-extracting");
    String dataset = uniqueName("resume_extracting");
    StagingWriter writer = loader.open(tenant, dataset, Trigger.MANUAL, List.of("flows"));
    for (int i = 0; i < 10; i++) {
      writer.write(
          flows, new NormalizedRow("flows", new Object[] {"f" + i, "x", writer.loadId(), "r" + i}));
    }
    writer.rowCounts();
    // Force the buffered rows into staging, then "die" without finishing.
    LoadPackage pkg = writer.loadPackage();
    writer.abandon();
    assertThat(DatasetCatalog.schemaExists(jdbc, pkg.stagingSchema())).isTrue();

    List<LoadPackage> resumed = loader.resume(tenant);

    assertThat(resumed)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PackageStatus.ABORTED);
              assertThat(p.error()).contains("interrupted");
              assertThat(p.finishedAt()).isNotNull();
            });
    assertThat(DatasetCatalog.schemaExists(jdbc, pkg.stagingSchema())).isFalse();
    assertThat(DatasetCatalog.schemaExists(jdbc, dataset)).isFalse();
    assertThat(stateStore.load(tenant)).isEmpty();
    assertThat(packages.unfinished(tenant)).isEmpty();
  }

  @Test
  void aFailedExtractionMarksThePackageFailedAndDropsItsStaging() {
    String tenant = uniqueName("resume-failed");
    LoadPackage pkg;
    try (StagingWriter writer =
        loader.open(tenant, uniqueName("failed"), Trigger.MANUAL, List.of("flows"))) {
      writer.write(
          flows, new NormalizedRow("flows", new Object[] {"f", "x", writer.loadId(), "r"}));
      pkg = writer.loadPackage();
      writer.fail("record rejected");
    }
    LoadPackage after = packages.find(pkg.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(PackageStatus.FAILED);
    assertThat(after.error()).isEqualTo("record rejected");
    assertThat(DatasetCatalog.schemaExists(jdbc, pkg.stagingSchema())).isFalse();
  }

  @Test
  void aWriterClosedWithoutFinishingAbortsItsPackage() {
    String tenant = uniqueName("resume-closed");
    LoadPackage pkg;
    try (StagingWriter writer =
        loader.open(tenant, uniqueName("closed"), Trigger.MANUAL, List.of("flows"))) {
      writer.write(
          flows, new NormalizedRow("flows", new Object[] {"f", "x", writer.loadId(), "r"}));
      pkg = writer.loadPackage();
    }
    assertThat(packages.find(pkg.id()).orElseThrow().status()).isEqualTo(PackageStatus.ABORTED);
    assertThat(DatasetCatalog.schemaExists(jdbc, pkg.stagingSchema())).isFalse();
  }
}
