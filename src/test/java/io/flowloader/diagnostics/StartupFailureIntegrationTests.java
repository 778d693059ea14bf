package io.flowloader.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flowloader.FlowLoaderApplication;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up failures as a user meets them: the application's main class in its own JVM, with the
 * mistake a user makes on the command line. Each must end with exit code 1 and Boot's "APPLICATION
 * FAILED TO START" report (description and action), without a stack trace.
 */
class StartupFailureIntegrationTests {

  record Run(int exitCode, String output) {

    /** The report, and nothing that looks like a stack trace anywhere in the output. */
    Run reportsFailure() {
      assertThat(exitCode).as(output).isNotZero();
      assertThat(output)
          .contains("APPLICATION FAILED TO START")
          .contains("Description:")
          .contains("Action:")
          .doesNotContain("\tat ")
          .doesNotContain("Caused by:");
      return this;
    }
  }

  @Test
  void listsEveryProblemOfTheTenantConfiguration() throws Exception {
    TestDatabase db = TestDatabase.get();
    Run run =
        start(
            database(db),
            "--flowloader.tenants[0].name=acme",
            "--flowloader.tenants[0].tenant-id=not-a-uuid",
            "--flowloader.tenants[0].api-key=sim-acme-key-0000000000000000001",
            "--flowloader.tenants[0].base-url=http://127.0.0.1:1",
            "--flowloader.tenants[0].dataset=acme_data",
            "--flowloader.tenants[0].schedule.cron=every minute",
            "--flowloader.tenants[1].name=acme",
            "--flowloader.tenants[1].tenant-id=" + SimulatorSupport.GLOBEX_ID,
            "--flowloader.tenants[1].base-url=http://127.0.0.1:1",
            "--flowloader.tenants[1].dataset=acme_data",
            "--flowloader.tenants[1].resources[0]=no_such_resource");
    run.reportsFailure();
    assertThat(run.output())
        .contains("The tenant configuration (flowloader.tenants) has ")
        .contains("not-a-uuid")
        .contains("every minute")
        .contains("no_such_resource")
        .contains("--spring.config.additional-location")
        .doesNotContain("sim-acme-key-0000000000000000001");
    long listed = run.output().lines().filter(l -> l.startsWith("    - ")).count();
    assertThat(listed).as(run.output()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void listsEveryProblemOfTheSourceDefinition(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("my-source.yaml");
    Files.writeString(
        source,
        """
        client:
          base_url: "{tenant.base_url}/api/"
          colour: blue
        resources:
          - name: things
            endpoint:
              path: things
              paginator: { type: no_such_paginator }
        """);
    Run run = start(database(TestDatabase.get()), "--flowloader.source-definition=file:" + source);
    run.reportsFailure();
    assertThat(run.output())
        .contains("source definition")
        .contains("my-source.yaml")
        .contains("colour")
        .contains("no_such_paginator")
        .contains("docs/source-definition.md");
  }

  /**
   * Column hints dlt's PostgreSQL type mapper cannot map (a bigint wider than 64 bits raises "can't
   * be mapped to PostgreSQL integer type" there; {@code date} is not a type the service supports)
   * stop the start, each named by its YAML path, all at once.
   */
  @Test
  void refusesColumnHintsItCannotHonour(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("hinted-source.yaml");
    Files.writeString(
        source,
        """
        client:
          base_url: "{tenant.base_url}/api/"
        resources:
          - name: orders
            endpoint: {path: orders}
            columns:
              born: {data_type: date}
            nested_hints:
              lines:
                columns:
                  qty: {data_type: bigint, precision: 128}
        """);
    Run run = start(database(TestDatabase.get()), "--flowloader.source-definition=file:" + source);
    run.reportsFailure();
    assertThat(run.output())
        .contains("hinted-source.yaml")
        .contains("resources[0] (orders).columns.born.data_type: must be one of")
        .contains(
            "resources[0] (orders).nested_hints.lines.columns.qty.precision: must be 1 to 64"
                + " for data_type bigint, got 128");
  }

  @Test
  void saysWhenTheDatabaseIsUnreachable() throws Exception {
    Run run =
        start(
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/postgres",
            "--spring.datasource.username=postgres");
    run.reportsFailure();
    assertThat(run.output())
        .contains("Cannot connect to the database jdbc:postgresql://127.0.0.1:1/postgres")
        .contains("FLOWLOADER_DB_URL");
  }

  @Test
  void saysWhenTheDatabaseRejectsTheLogin() throws Exception {
    TestDatabase db = TestDatabase.get();
    Run run =
        start(
            "--spring.datasource.url=" + db.jdbcUrl(),
            "--spring.datasource.username=no_such_role_for_flowloader",
            "--spring.datasource.password=wrong-password-123");
    run.reportsFailure();
    assertThat(run.output())
        .contains("rejected the login")
        .contains("FLOWLOADER_DB_USER")
        .doesNotContain("wrong-password-123");
  }

  @Test
  void explainsTheEmbeddedDatabaseAsRoot() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "only root meets this refusal");
    Run run =
        start(
            "--spring.profiles.active=demo",
            "--spring.datasource.url=",
            "--flowloader.demo.simulator-port=0",
            "--server.port=0",
            "--management.server.port=0");
    run.reportsFailure();
    assertThat(run.output())
        .contains("refuses to run as root")
        .contains("FLOWLOADER_DB_URL=jdbc:postgresql://127.0.0.1:5432/postgres");
  }

  private static String[] database(TestDatabase db) {
    return new String[] {
      "--spring.datasource.url=" + db.jdbcUrl(),
      "--spring.datasource.username=" + db.username(),
      "--spring.datasource.password=" + db.password()
    };
  }

  private static Run start(String[] first, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of(first));
    args.addAll(List.of(more));
    return start(args.toArray(String[]::new));
  }

  static Run start(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(FlowLoaderApplication.class.getName());
    cmd.add("--spring.main.web-application-type=none");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("FLOWLOADER_DB_URL");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
