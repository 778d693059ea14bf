package io.flowloader.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.boomiflow.simulator.FaultKind;
import io.boomiflow.simulator.FaultSpec;
import io.flowloader.FlowLoaderApplication;
import io.flowloader.pipeline.LoadOptions;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadPackages;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import io.flowloader.tenant.TenantRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stopping the service while a load runs: a load that ends within the grace period commits; after
 * the grace period the load is aborted at its next checkpoint, its staging is dropped and nothing
 * reaches the dataset; new loads are refused.
 */
class GracefulShutdownIntegrationTests {

  @Test
  void aLoadThatEndsWithinTheGracePeriodCommits() throws Exception {
    // The first users page answers after 3 s, so the load is still running when the context closes.
    long fault =
        SimulatorSupport.shared()
            .control()
            .addFault(
                FaultSpec.of(SimulatorSupport.GLOBEX_ID, "users", FaultKind.SLOW_FIRST_BYTE)
                    .withTiming(3000, 0)
                    .withCount(1));
    TestDatabase db = TestDatabase.get();
    ConfigurableApplicationContext context = start(db, "60s", "finishing");
    String loadId;
    try {
      LoadPackage started =
          context
              .getBean(LoadLauncher.class)
              .launchManual(
                  context.getBean(TenantRegistry.class).find("finishing").orElseThrow(),
                  new LoadOptions(List.of("users"), false));
      loadId = started.loadId();
      Thread.sleep(500);
      LoadPackages packages = context.getBean(LoadPackages.class);
      assertThat(packages.findByLoadId(loadId).orElseThrow().status().isFinal()).isFalse();
    } finally {
      // Returns once the load has ended: the launcher waits for it within the grace period.
      context.close();
      SimulatorSupport.shared().control().removeFault(fault);
    }

    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    assertThat(
            jdbc.queryForObject(
                "SELECT status FROM flowloader.load_package WHERE load_id = ?",
                String.class,
                loadId))
        .isEqualTo("loaded");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM finishing_data.users", Integer.class))
        .isPositive();
  }

  private static ConfigurableApplicationContext start(
      TestDatabase db, String grace, String tenant) {
    return new SpringApplicationBuilder(FlowLoaderApplication.class)
        .run(
            "--spring.datasource.url=" + db.jdbcUrl(),
            "--spring.datasource.username=" + db.username(),
            "--spring.datasource.password=" + db.password(),
            "--spring.main.web-application-type=none",
            "--flowloader.shutdown-grace=" + grace,
            "--flowloader.http.requests-per-second=100",
            "--flowloader.tenants[0].name=" + tenant,
            "--flowloader.tenants[0].tenant-id=" + SimulatorSupport.GLOBEX_ID,
            "--flowloader.tenants[0].api-key=" + SimulatorSupport.GLOBEX_KEY,
            "--flowloader.tenants[0].base-url=" + SimulatorSupport.shared().baseUrl(),
            "--flowloader.tenants[0].dataset=" + tenant + "_data");
  }

  @Test
  void aLoadStillRunningAfterTheGracePeriodIsAbortedCleanly() throws Exception {
    // Every users page of globex trickles slowly, so the load outlives the 1 s grace period.
    long fault =
        SimulatorSupport.shared()
            .control()
            .addFault(
                FaultSpec.of(SimulatorSupport.GLOBEX_ID, "users", FaultKind.SLOW_DRIP)
                    .withCount(0)
                    .withTiming(200, 32));
    TestDatabase db = TestDatabase.get();
    ConfigurableApplicationContext context = start(db, "1s", "stopping");
    String loadId;
    try {
      LoadLauncher launcher = context.getBean(LoadLauncher.class);
      LoadPackage started =
          launcher.launchManual(
              context.getBean(TenantRegistry.class).find("stopping").orElseThrow(),
              new LoadOptions(List.of("users"), false));
      loadId = started.loadId();
      Thread.sleep(1500);
      LoadPackages packages = context.getBean(LoadPackages.class);
      assertThat(packages.findByLoadId(loadId).orElseThrow().status().isFinal()).isFalse();
    } finally {
      context.close();
      SimulatorSupport.shared().control().removeFault(fault);
    }

    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    assertThat(
            jdbc.queryForObject(
                "SELECT status FROM flowloader.load_package WHERE load_id = ?",
                String.class,
                loadId))
        .isEqualTo("aborted");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM information_schema.schemata WHERE schema_name IN"
                    + " (SELECT staging_schema FROM flowloader.load_package WHERE load_id = ?)",
                Integer.class,
                loadId))
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema ="
                    + " 'stopping_data' AND table_name = 'users'",
                Integer.class))
        .isZero();
  }
}
