package io.flowloader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.boomiflow.simulator.SimulatorServer;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import io.flowloader.schedule.LoadLauncher;
import io.flowloader.support.TestDatabase;
import io.flowloader.tenant.TenantRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Catalog churn of a load (issue 20, "lean staging"): an incremental load whose staging already
 * exists inserts no {@code pg_class} rows when nothing changed, and at most {@link
 * #MAX_CLASS_ROWS_PER_INCREMENTAL_LOAD} when a few records changed. Counted as PostgreSQL's
 * statistics of {@code pg_class} ({@code n_tup_ins}: temporary tables and tables dropped again
 * count too) in a database of its own, against a simulator of its own, so nothing else adds rows.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"flowloader.http.requests-per-second=500"})
class LeanStagingIntegrationTests {

  static final long MAX_CLASS_ROWS_PER_INCREMENTAL_LOAD = 30;

  private static final TestDatabase DATABASE = TestDatabase.separate();
  private static final SimulatorServer SIMULATOR = SimulatorServer.start(Map.of());

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DATABASE::jdbcUrl);
    registry.add("spring.datasource.username", DATABASE::username);
    registry.add("spring.datasource.password", DATABASE::password);
    String p = "flowloader.tenants[0].";
    registry.add(p + "name", () -> "lean");
    registry.add(p + "tenant-id", () -> io.flowloader.support.SimulatorSupport.ACME_ID);
    registry.add(p + "api-key", () -> io.flowloader.support.SimulatorSupport.ACME_KEY);
    registry.add(p + "base-url", SIMULATOR::baseUrl);
    registry.add(p + "dataset", () -> "lean_data");
  }

  @AfterAll
  static void stopSimulator() {
    SIMULATOR.close();
  }

  @Autowired LoadLauncher launcher;
  @Autowired TenantRegistry tenants;
  @Autowired JdbcTemplate jdbc;
  @Autowired HikariDataSource pool;

  @Test
  void incrementalLoadsInsertFewCatalogRows() throws Exception {
    Catalog first = measure(this::load);
    Catalog warm = measure(this::load);
    Catalog unchanged = measure(this::load);
    SIMULATOR.control().tick("acme", 1);
    Catalog firstChange = measure(this::load);
    SIMULATOR.control().tick("acme", 1);
    Catalog changed = measure(this::load);
    System.out.printf(
        "pg_class/pg_attribute rows inserted per load: first %s, second %s, unchanged %s,"
            + " first with changes %s, again with changes %s%n",
        first, warm, unchanged, firstChange, changed);

    assertThat(unchanged.classRows()).as("pg_class rows of a load without changes").isZero();
    assertThat(changed.classRows())
        .as("pg_class rows of an incremental load with a few changes")
        .isLessThanOrEqualTo(MAX_CLASS_ROWS_PER_INCREMENTAL_LOAD);
    assertThat(changed.rows()).as("rows the changed load staged").isPositive();
  }

  private LoadPackage load() {
    LoadPackage pkg =
        launcher.runNow(tenants.find("lean").orElseThrow(), Trigger.MANUAL, LoadOptions.defaults());
    assertThat(pkg.status()).as("load: %s", pkg.error()).isEqualTo(PackageStatus.LOADED);
    return pkg;
  }

  /** Catalog rows inserted while {@code load} ran, with the rows it loaded. */
  private Catalog measure(java.util.function.Supplier<LoadPackage> load) throws Exception {
    long[] before = settledInserts();
    LoadPackage pkg = load.get();
    long[] after = settledInserts();
    return new Catalog(after[0] - before[0], after[1] - before[1], pkg.rows());
  }

  /**
   * pg_class and pg_attribute insertions so far. An idle backend may hold its statistics back for
   * up to 10 s (PostgreSQL 15+); one that exits reports them at once. So the pool's idle
   * connections are closed first, then the figures are read until two reads a while apart agree.
   */
  private long[] settledInserts() throws InterruptedException {
    pool.getHikariPoolMXBean().softEvictConnections();
    long[] last = inserts();
    for (int i = 0; i < 30; i++) {
      Thread.sleep(1_500);
      long[] now = inserts();
      if (now[0] == last[0] && now[1] == last[1]) {
        return now;
      }
      last = now;
    }
    throw new AssertionError("catalog statistics did not settle");
  }

  private long[] inserts() {
    return jdbc.query(
        "SELECT (SELECT n_tup_ins FROM pg_stat_sys_tables WHERE relname = 'pg_class'),"
            + " (SELECT n_tup_ins FROM pg_stat_sys_tables WHERE relname = 'pg_attribute')",
        rs -> {
          rs.next();
          return new long[] {rs.getLong(1), rs.getLong(2)};
        });
  }

  record Catalog(long classRows, long attributeRows, long rows) {
    @Override
    public String toString() {
      return classRows + "/" + attributeRows + " (" + rows + " rows)";
    }
  }
}
