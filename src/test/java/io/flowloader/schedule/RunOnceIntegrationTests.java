package io.flowloader.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.FlowLoaderApplication;
import io.flowloader.support.SimulatorSupport;
import io.flowloader.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One-shot mode as a CronJob runs it: a separate JVM that loads, prints a summary and exits 0, or 1
 * when a tenant's load fails (here: a wrong API key).
 */
class RunOnceIntegrationTests {

  record Run(int exitCode, String output) {}

  @Test
  void exitsZeroAfterLoadingTheSimulatorsTenants() throws Exception {
    Run run = runOnce(SimulatorSupport.ACME_KEY, "once_ok");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("tenant acme: load ")
        .contains(" loaded into dataset once_ok")
        .contains("users")
        .contains("run-once: 1 of 1 tenant load(s) succeeded");
  }

  @Test
  void exitsOneWhenATenantsKeyIsWrong() throws Exception {
    Run run = runOnce("sim-wrong-key-000000000000000000", "once_bad");
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output()).contains("failed").contains("401").doesNotContain("sim-wrong-key");
  }

  private static Run runOnce(String apiKey, String dataset) throws Exception {
    TestDatabase db = TestDatabase.get();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(FlowLoaderApplication.class.getName());
    cmd.add("--flowloader.run-once=true");
    cmd.add("--spring.main.web-application-type=none");
    cmd.add("--spring.datasource.url=" + db.jdbcUrl());
    cmd.add("--spring.datasource.username=" + db.username());
    cmd.add("--spring.datasource.password=" + db.password());
    cmd.add("--flowloader.http.requests-per-second=200");
    cmd.add("--flowloader.http.max-retries=1");
    cmd.add("--flowloader.tenants[0].name=acme");
    cmd.add("--flowloader.tenants[0].tenant-id=" + SimulatorSupport.ACME_ID);
    cmd.add("--flowloader.tenants[0].api-key=" + apiKey);
    cmd.add("--flowloader.tenants[0].base-url=" + SimulatorSupport.shared().baseUrl());
    cmd.add("--flowloader.tenants[0].dataset=" + dataset);
    cmd.add("--flowloader.tenants[0].resources[0]=users");
    cmd.add("--flowloader.tenants[0].resources[1]=runtimes");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
