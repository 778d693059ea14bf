package io.flowloader.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flowloader.pkg.LoadSummaries;
import io.flowloader.schedule.TenantScheduler;
import io.flowloader.state.StateStore;
import io.flowloader.tenant.Tenant;
import io.flowloader.tenant.TenantRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /tenants}: schedule, next fire time, last load and cursor values of each tenant. */
@RestController
class TenantsController {

  private final TenantRegistry tenants;
  private final TenantScheduler scheduler;
  private final LoadSummaries summaries;
  private final StateStore state;

  TenantsController(
      TenantRegistry tenants,
      TenantScheduler scheduler,
      LoadSummaries summaries,
      StateStore state) {
    this.tenants = tenants;
    this.scheduler = scheduler;
    this.summaries = summaries;
    this.state = state;
  }

  /** A tenant as the API shows it; never its API key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TenantInfo(
      String name,
      String tenantId,
      String baseUrl,
      String dataset,
      boolean enabled,
      String schedule,
      Instant nextFireTime,
      List<String> resources,
      LoadInfo lastLoad,
      Map<String, String> cursors) {}

  @GetMapping("/tenants")
  List<TenantInfo> list() {
    return tenants.all().stream().map(this::info).toList();
  }

  private TenantInfo info(Tenant t) {
    Map<String, String> cursors = new TreeMap<>();
    state.load(t.name()).forEach((key, cursor) -> cursors.put(key.toString(), cursor.value()));
    return new TenantInfo(
        t.name(),
        t.tenantId(),
        t.baseUrl(),
        t.dataset(),
        t.enabled(),
        t.scheduleDescription(),
        scheduler.nextFireTime(t.name()).orElse(null),
        t.resources(),
        summaries.recent(t.name(), null, 1).stream().findFirst().map(LoadInfo::of).orElse(null),
        cursors);
  }
}
