package io.flowloader.schedule;

import io.flowloader.pipeline.LoadOptions;
import io.flowloader.pkg.LoadJob;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import io.flowloader.tenant.Tenant;
import io.flowloader.tenant.TenantRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

/**
 * One-shot mode ({@code flowloader.run-once=true}): loads each chosen tenant once, prints a summary
 * like dlt's {@code load_info}, and reports exit code 0 when every load committed, 1 otherwise.
 * {@code FlowLoaderApplication} exits with that code.
 */
public class RunOnce implements ApplicationRunner, ExitCodeGenerator {

  private final TenantRegistry tenants;
  private final LoadLauncher launcher;
  private final ScheduleProperties properties;
  private final PrintStream out = System.out;
  private volatile int exitCode;

  public RunOnce(TenantRegistry tenants, LoadLauncher launcher, ScheduleProperties properties) {
    this.tenants = tenants;
    this.launcher = launcher;
    this.properties = properties;
  }

  public boolean enabled() {
    return properties.runOnce();
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!properties.runOnce()) {
      return;
    }
    List<Tenant> chosen = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (properties.runOnceTenants().isEmpty()) {
      chosen.addAll(tenants.enabled());
    } else {
      for (String name : properties.runOnceTenants()) {
        tenants.find(name).ifPresentOrElse(chosen::add, () -> problems.add(name));
      }
    }
    int failures = problems.size();
    problems.forEach(p -> out.println("run-once: unknown tenant '" + p + "'"));
    for (Tenant tenant : chosen) {
      LoadPackage pkg;
      try {
        pkg = launcher.runNow(tenant, Trigger.SCHEDULE, LoadOptions.defaults());
      } catch (RuntimeException e) {
        out.println("tenant " + tenant.name() + ": could not start: " + e.getMessage());
        failures++;
        continue;
      }
      print(pkg);
      if (pkg.status() != PackageStatus.LOADED) {
        failures++;
      }
    }
    out.println(
        "run-once: "
            + (chosen.size() - Math.min(failures, chosen.size()))
            + " of "
            + chosen.size()
            + " tenant load(s) succeeded");
    exitCode = failures == 0 && !chosen.isEmpty() ? 0 : 1;
  }

  private void print(LoadPackage pkg) {
    Duration took =
        pkg.finishedAt() == null
            ? Duration.ZERO
            : Duration.between(pkg.startedAt(), pkg.finishedAt());
    out.printf(
        "tenant %s: load %s %s into dataset %s in %.1f s, %d rows%n",
        pkg.tenant(),
        pkg.loadId(),
        pkg.status().name().toLowerCase(),
        pkg.dataset(),
        took.toMillis() / 1000.0,
        pkg.rows());
    pkg.jobs().stream()
        .sorted(Comparator.comparing(LoadJob::tableName))
        .forEach(j -> out.printf("  %-60s %10d rows%n", j.tableName(), j.rows()));
    if (pkg.error() != null) {
      out.println("  error: " + pkg.error());
    }
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }
}
