package io.flowloader.schedule;

import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadPackages;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.tenant.Tenant;
import io.flowloader.tenant.TenantRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code tenants} health component: per tenant, when it last loaded successfully and whether
 * that is within twice its schedule interval. Always UP — stale data is an alert, not a reason to
 * take the pod out of service — and not part of the readiness group.
 */
public class TenantsHealthIndicator implements HealthIndicator {

  private final TenantRegistry tenants;
  private final LoadPackages packages;

  public TenantsHealthIndicator(TenantRegistry tenants, LoadPackages packages) {
    this.tenants = tenants;
    this.packages = packages;
  }

  @Override
  public Health health() {
    Health.Builder health = Health.up();
    for (Tenant tenant : tenants.all()) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("enabled", tenant.enabled());
      detail.put("schedule", tenant.scheduleDescription());
      Instant last =
          packages.recent(tenant.name(), PackageStatus.LOADED, 1).stream()
              .findFirst()
              .map(LoadPackage::finishedAt)
              .orElse(null);
      detail.put("lastSuccess", last == null ? "never" : last.toString());
      Duration interval = TenantScheduler.interval(tenant);
      if (!interval.isZero()) {
        boolean fresh =
            last != null
                && Duration.between(last, Instant.now()).compareTo(interval.multipliedBy(2)) <= 0;
        detail.put("fresh", fresh);
      }
      health.withDetail(tenant.name(), detail);
    }
    return health.build();
  }
}
