package io.flowloader.source;

import java.util.Map;

/**
 * The {@code client} section: base URL (may hold {@code {tenant.base_url}}), auth, headers sent on
 * every request, and the default paginator.
 */
public record ClientConfig(
    String baseUrl, AuthConfig auth, Map<String, String> headers, PaginatorConfig paginator) {
  public ClientConfig {
    headers = Map.copyOf(headers);
  }
}
