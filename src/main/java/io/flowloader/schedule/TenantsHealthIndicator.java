package io.flowloader.schedule;

import io.flowloader.pkg.LoadSummaries;
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
  private final LoadSummaries summaries;

  public TenantsHealthIndicator(TenantRegistry tenants, LoadSummaries summaries) {
    this.tenants = tenants;
    this.summaries = summaries;
  }

  @Override
  public Health health() {
    Health.Builder health = Health.up();
    for (Tenant tenant : tenants.all()) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("enabled", tenant.enabled());
      detail.put("schedule", tenant.scheduleDescription());
      Instant last = summaries.lastSuccess(tenant.name()).orElse(null);
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
