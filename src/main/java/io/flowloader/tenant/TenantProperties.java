package io.flowloader.tenant;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tenants as configured under {@code flowloader.tenants} (YAML, environment, Helm values).
 * Validated and resolved into {@link Tenant}s by {@link TenantRegistry}.
 */
@ConfigurationProperties("flowloader")
public record TenantProperties(@DefaultValue List<Entry> tenants) {

  /**
   * One configured tenant.
   *
   * @param name slug used in API paths, metrics and logs
   * @param tenantId the Boomi tenant UUID, sent as {@code manywhotenant}
   * @param apiKey the API key itself (usually {@code ${ENV_VAR}}); or
   * @param apiKeyFile a file holding the key (a mounted secret)
   * @param baseUrl the region host; {@code /api/...} paths are appended
   * @param dataset the PostgreSQL schema for this tenant's tables
   * @param resources resources to load; empty means the source definition's selected ones
   */
  public record Entry(
      String name,
      String tenantId,
      String apiKey,
      String apiKeyFile,
      @DefaultValue("https://flow.boomi.com") String baseUrl,
      String dataset,
      @DefaultValue Schedule schedule,
      @DefaultValue List<String> resources,
      @DefaultValue("true") boolean enabled) {

    @Override
    public String toString() {
      // Never print the key, even when the whole configuration is logged.
      return "Entry[name=" + name + ", tenantId=" + tenantId + ", baseUrl=" + baseUrl + "]";
    }
  }

  /**
   * A cron expression (Spring's six fields) or a fixed delay between loads, never both.
   *
   * @param initialDelay with a fixed delay: how long after start-up the first load runs (default 1
   *     s); the demo waits a minute so that a first {@code POST /loads} is not refused with 409
   */
  public record Schedule(String cron, Duration fixedDelay, String zone, Duration initialDelay) {}
}
