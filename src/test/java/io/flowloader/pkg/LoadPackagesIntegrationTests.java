package io.flowloader.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowloader.load.LoadTestSupport;
import io.flowloader.normalize.LoadId;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

/** Load packages and their jobs as Spring Data JDBC aggregates in the flowloader schema. */
class LoadPackagesIntegrationTests extends LoadTestSupport {

  @Autowired LoadPackages packages;
  @Autowired LoadPackageRepository repository;

  @Test
  void aPackageMovesThroughItsLifeCycle() {
    LoadPackage opened =
        packages.open("tenant-p1", "boomi_flow_data", Trigger.MANUAL, List.of("flows", "users"));
    assertThat(opened.id()).isNotNull();
    assertThat(opened.loadId()).matches("\\d{10}\\.\\d{1,6}");
    assertThat(opened.status()).isEqualTo(PackageStatus.EXTRACTING);
    assertThat(opened.stagingSchema()).startsWith("flowloader_stg_tenant-p1_");
    assertThat(opened.ownsStagingSchema()).isFalse();
    assertThat(packages.unfinished("tenant-p1"))
        .extracting(LoadPackage::id)
        .containsExactly(opened.id());

    LoadPackage staged =
        packages.markStaged(
            opened,
            List.of(
                new LoadJob("flows", 3, JobStatus.STAGED, null),
                new LoadJob("flows__tags", 5, JobStatus.STAGED, null)),
            "[{\"kind\":\"NEW_TABLE\",\"table\":\"flows\"}]",
            "{\"name\":\"boomi_flow\"}",
            "[]");
    assertThat(staged.status()).isEqualTo(PackageStatus.STAGED);
    assertThat(staged.stagedAt()).isNotNull();
    assertThat(staged.rows()).isEqualTo(8);

    Map<String, Object> row =
        jdbc.queryForMap(
            "SELECT status, trigger, resources::text AS resources, jsonb_typeof(schema_changes) AS changes"
                + " FROM flowloader.load_package WHERE id = ?",
            opened.id());
    assertThat(row)
        .containsEntry("status", "staged")
        .containsEntry("trigger", "manual")
        .containsEntry("resources", "[\"flows\", \"users\"]")
        .containsEntry("changes", "array");
    assertThat(
            jdbc.queryForList(
                "SELECT table_name || ':' || rows || ':' || status FROM flowloader.load_job"
                    + " WHERE load_package = ? ORDER BY table_name",
                String.class,
                opened.id()))
        .containsExactly("flows:3:staged", "flows__tags:5:staged");

    LoadPackage failed = packages.markFailed(staged, "boom");
    assertThat(failed.status()).isEqualTo(PackageStatus.FAILED);
    assertThat(failed.error()).isEqualTo("boom");
    assertThat(failed.jobs()).allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.FAILED));
    assertThat(packages.unfinished("tenant-p1")).isEmpty();
    assertThat(packages.findByLoadId(opened.loadId())).contains(failed);
    assertThat(packages.history("tenant-p1"))
        .extracting(LoadPackage::id)
        .containsExactly(opened.id());
  }

  @Test
  void onlyAnExtractingPackageCanBeStaged() {
    LoadPackage opened = packages.open("tenant-p2", "ds", Trigger.SCHEDULE, List.of());
    packages.markAborted(opened, "stopped");
    assertThatThrownBy(() -> packages.markStaged(opened, List.of(), null, "{}", "[]"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aStagedPackagesFinalSchemaComesBackVerbatimForALaterCommit() {
    // Column order is the order of the keys; jsonb would return "id" before "zeta_long_name".
    String schema = "{\"tables\":{\"t\":{\"columns\":{\"zeta_long_name\":{},\"id\":{},\"b\":{}}}}}";
    LoadPackage opened = packages.open("tenant-p4", "ds", Trigger.SCHEDULE, List.of("t"));
    packages.markStaged(opened, List.of(), null, schema, "[]");
    assertThat(packages.unfinished("tenant-p4").get(0).finalSchema().json()).isEqualTo(schema);
  }

  @Test
  void aPackageIsFoundByItsLoadIdThroughAnIndex() {
    LoadPackage pkg = packages.open("tenant-p5", "ds", Trigger.MANUAL, List.of());
    assertThat(packages.findByLoadId(pkg.loadId())).map(LoadPackage::id).contains(pkg.id());
    // Asked with sequential scans disabled, the planner shows whether an index can answer it.
    List<String> plan =
        jdbc.execute(
            (org.springframework.jdbc.core.ConnectionCallback<List<String>>)
                connection -> {
                  try (var st = connection.createStatement()) {
                    st.execute("SET enable_seqscan = off");
                    List<String> lines = new java.util.ArrayList<>();
                    try (var rs =
                        st.executeQuery(
                            "EXPLAIN SELECT * FROM flowloader.load_package WHERE load_id = '1.5'")) {
                      while (rs.next()) {
                        lines.add(rs.getString(1));
                      }
                    }
                    st.execute("RESET enable_seqscan");
                    return lines;
                  }
                });
    assertThat(String.join("\n", plan)).contains("load_package_load_id_idx");
  }

  @Test
  void aLoadIdAnotherReplicaTookIsPassedOver() {
    LoadPackage taken = packages.open("tenant-p6", "ds", Trigger.SCHEDULE, List.of());
    // another replica minting the same id in the same microsecond, for another tenant
    Iterator<String> ids = List.of(taken.loadId(), LoadId.next()).iterator();
    LoadPackage pkg =
        new LoadPackages(repository, ids::next).open("tenant-p7", "ds", Trigger.MANUAL, List.of());
    assertThat(pkg.loadId()).isNotEqualTo(taken.loadId());
    assertThat(packages.findByLoadId(taken.loadId()))
        .map(LoadPackage::tenant)
        .contains("tenant-p6");
    assertThat(packages.findByLoadId(pkg.loadId())).map(LoadPackage::tenant).contains("tenant-p7");
    // an id that stays taken fails after a few attempts
    LoadPackages stuck = new LoadPackages(repository, taken::loadId);
    assertThatThrownBy(() -> stuck.open("tenant-p7", "ds", Trigger.MANUAL, List.of()))
        .isInstanceOf(DataAccessException.class);
  }

  @Test
  void loadIdsIncrease() {
    LoadPackage a = packages.open("tenant-p3", "ds", Trigger.SCHEDULE, List.of());
    LoadPackage b = packages.open("tenant-p3", "ds", Trigger.SCHEDULE, List.of());
    assertThat(b.loadId().compareTo(a.loadId())).isPositive();
    assertThat(Double.parseDouble(b.loadId())).isGreaterThan(Double.parseDouble(a.loadId()));
  }

  /**
   * An unfinished package holds its staging schema: another package of the tenant opened meanwhile
   * gets the next one, and the first is free again once its package ended. A package opened before
   * staging schemas were reused (no staging_schema stored) staged into a schema of its own.
   */
  @Test
  void unfinishedPackagesHoldTheirStagingSchemas() {
    String tenant = uniqueName("tenant-slots");
    LoadPackage first = packages.open(tenant, "ds", Trigger.MANUAL, List.of("flows"));
    LoadPackage second = packages.open(tenant, "ds", Trigger.MANUAL, List.of("flows"));
    assertThat(first.stagingSchema()).isEqualTo(LoadPackage.stagingSchemaOf(tenant, 0));
    assertThat(second.stagingSchema()).isEqualTo(LoadPackage.stagingSchemaOf(tenant, 1));
    packages.markAborted(first, "test");
    LoadPackage third = packages.open(tenant, "ds", Trigger.MANUAL, List.of("flows"));
    assertThat(third.stagingSchema()).isEqualTo(LoadPackage.stagingSchemaOf(tenant, 0));

    jdbc.update(
        "UPDATE flowloader.load_package SET staging_schema = NULL WHERE id = ?", second.id());
    LoadPackage legacy = packages.find(second.id()).orElseThrow();
    assertThat(legacy.stagingSchema()).isEqualTo("flowloader_stg_" + second.id());
    assertThat(legacy.ownsStagingSchema()).isTrue();
    assertThat(LoadPackage.stagingSchemaOf("t".repeat(63), 12))
        .hasSizeLessThanOrEqualTo(63)
        .startsWith("flowloader_stg_tttt")
        .endsWith("_12");
  }
}
