package io.flowloader.extract;

import java.util.Map;
import java.util.Set;

/**
 * One extraction for one tenant.
 *
 * @param tenantName the tenant's slug (error messages, {@code {tenant.name}})
 * @param tenantId the Boomi tenant UUID ({@code {tenant.tenant_id}}, sent as {@code manywhotenant})
 * @param apiKey the tenant's API key ({@code {tenant.api_key}}); also keys the shared rate limiter
 * @param baseUrl the region host, e.g. {@code https://flow.boomi.com} ({@code {tenant.base_url}})
 * @param resources resource names to deliver; empty means the definition's {@code selected} ones.
 *     Unselected parents of requested children are fetched but not delivered.
 * @param cursors the committed positions per resource from the previous load (absent: first load)
 * @param options HTTP and concurrency settings
 */
public record ExtractRequest(
    String tenantName,
    String tenantId,
    Secret apiKey,
    String baseUrl,
    Set<String> resources,
    Map<String, ResourceCursor> cursors,
    ExtractOptions options) {
  public ExtractRequest {
    resources = Set.copyOf(resources);
    // Null entries (resources without a cursor) are simply absent.
    Map<String, ResourceCursor> present = new java.util.HashMap<>();
    cursors.forEach(
        (k, v) -> {
          if (v != null) {
            present.put(k, v);
          }
        });
    cursors = Map.copyOf(present);
  }
}
