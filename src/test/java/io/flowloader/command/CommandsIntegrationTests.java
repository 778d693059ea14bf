package io.flowloader.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.FlowLoaderApplication;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code check}, {@code resources} and {@code dry-run} as a user types them: the main class in its
 * own JVM with tenants on the command line, against the simulator and a real database.
 */
class CommandsIntegrationTests {

  record Run(int exitCode, String output) {}

  @Test
  void checkTellsAGoodTenantFromAWrongTenantIdAndAWrongKey() throws Exception {
    Run run =
        run(
            "check",
            tenant(0, "good", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "chk_good"),
            tenant(
                1, "wrongtenant", SimulatorSupport.GLOBEX_ID, SimulatorSupport.ACME_KEY, "chk_t"),
            tenant(
                2,
                "wrongkey",
                SimulatorSupport.ACME_ID,
                "sim-wrong-key-000000000000000000",
                "chk_k"));
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .containsPattern("good +API key authenticates +OK")
        .containsPattern("good +tenant header accepted \\(manywhotenant\\) +OK")
        .containsPattern("good +resource users +OK")
        .containsPattern("good +resource runtimes +OK")
        .containsPattern("wrongtenant +API key authenticates +OK")
        .containsPattern("wrongtenant +tenant header accepted \\(manywhotenant\\) +FAIL .*403")
        .containsPattern("wrongtenant +resource users +SKIP")
        .containsPattern("wrongkey +API key authenticates +FAIL .*401.*wrong or revoked")
        .contains("check: FAILED")
        .doesNotContain("sim-wrong-key")
        .doesNotContain(SimulatorSupport.ACME_KEY);
  }

  @Test
  void checkExitsZeroWhenEverythingAnswers() throws Exception {
    Run run =
        run("check", tenant(0, "good", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "c"));
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("check: all passed");
  }

  @Test
  void resourcesListsTheSourceAndWhatEachTenantLoads() throws Exception {
    Run run =
        run(
            "resources",
            tenant(0, "acme", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "res_acme"));
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .containsPattern("flows +draw/1/flow +merge +id\\.id +dateModified +yes *\n")
        .containsPattern(
            "flow +draw/1/flow/\\{resources\\.flows\\.id\\.id\\} +merge +id\\.id +- +no")
        .containsPattern("graph_flow .*when parent's id\\.versionId changes")
        .containsPattern(
            "audit_events +audit/1/search +merge +id +occurredAt, re-read 10 min, 90 days windows +yes")
        .containsPattern("states +admin/1/states +merge +id +dateModified, re-read 1 h +yes")
        .containsPattern("users +admin/1/users +replace +id +- +yes +acme");
  }

  @Test
  void dryRunReportsTablesColumnsAndRowsAndCommitsNothing() throws Exception {
    Run run =
        run(
            "dry-run",
            tenant(0, "acme", SimulatorSupport.ACME_ID, SimulatorSupport.ACME_KEY, "dry_acme"));
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("tenant acme → dataset dry_acme (new)")
        .containsPattern("users +new table +120 +")
        .containsPattern("runtimes +new table +3 +")
        .contains("_dlt_load_id character varying")
        .contains("dry-run: nothing was committed");
    try (Connection c = TestDatabase.get().connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select count(*) from information_schema.schemata"
                        + " where schema_name = 'dry_acme'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  private static String[] tenant(int i, String name, String id, String key, String dataset) {
    String p = "--flowloader.tenants[" + i + "].";
    return new String[] {
      p + "name=" + name,
      p + "tenant-id=" + id,
      p + "api-key=" + key,
      p + "base-url=" + SimulatorSupport.shared().baseUrl(),
      p + "dataset=" + dataset,
      p + "resources[0]=users",
      p + "resources[1]=runtimes"
    };
  }

  private static Run run(String command, String[]... tenants) throws Exception {
    TestDatabase db = TestDatabase.get();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(FlowLoaderApplication.class.getName());
    cmd.add(command);
    cmd.add("--spring.datasource.url=" + db.jdbcUrl());
    cmd.add("--spring.datasource.username=" + db.username());
    cmd.add("--spring.datasource.password=" + db.password());
    cmd.add("--flowloader.http.requests-per-second=200");
    cmd.add("--flowloader.http.max-retries=1");
    cmd.add("--logging.level.root=warn");
    for (String[] t : tenants) {
      cmd.addAll(List.of(t));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
