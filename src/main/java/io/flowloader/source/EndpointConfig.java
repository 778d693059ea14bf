package io.flowloader.source;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A resource's {@code endpoint}: path relative to the client's base URL, method, query params, JSON
 * body, extra headers, the record selector, paginator, incremental cursor and response actions.
 * Strings may hold {@code {resources.<parent>.<field>}}, {@code {incremental.*}} and {@code
 * {tenant.*}} placeholders.
 */
public record EndpointConfig(
    String path,
    String method,
    Map<String, String> params,
    JsonNode json,
    Map<String, String> headers,
    JsonPath dataSelector,
    PaginatorConfig paginator,
    IncrementalConfig incremental,
    List<ResponseAction> responseActions) {
  public EndpointConfig {
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    headers = Map.copyOf(headers);
    responseActions = List.copyOf(responseActions);
  }
}
