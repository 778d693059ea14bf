package io.flowloader.extract;

import io.flowloader.source.IncrementalConfig;
import io.flowloader.source.Placeholders;
import io.flowloader.source.ResourceDefinition;
import io.flowloader.source.SourceDefinition;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Builds the first request of a resource for one tenant: base URL and path, query parameters,
 * headers and JSON body with their {@code {tenant.*}}, {@code {resources.*}} and {@code
 * {incremental.*}} placeholders resolved, plus the client's auth. Paginators derive the following
 * pages from it.
 */
final class RequestBuilder {

  /**
   * Values of one request sequence's placeholders.
   *
   * @param parent the parent record's fields ({@code {resources.<parent>.<field>}}), by field
   * @param startValue {@code {incremental.start_value}}, or null
   * @param endValue {@code {incremental.end_value}}, or null
   */
  record Bindings(Map<String, String> parent, String startValue, String endValue) {
    static final Bindings NONE = new Bindings(Map.of(), null, null);
  }

  private final SourceDefinition definition;
  private final Map<String, String> tenantValues = new HashMap<>();
  private final RequestAuth auth;

  RequestBuilder(SourceDefinition definition, ExtractRequest request) {
    this.definition = definition;
    String base = request.baseUrl() == null ? "" : request.baseUrl();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    tenantValues.put("base_url", base);
    tenantValues.put("tenant_id", request.tenantId());
    tenantValues.put("name", request.tenantName());
    tenantValues.put("api_key", request.apiKey() == null ? null : request.apiKey().reveal());
    this.auth = RequestAuth.bind(definition.client().auth(), this::bindTenant);
  }

  /** The client's auth as bound to this tenant. */
  RequestAuth auth() {
    return auth;
  }

  /** The first request of {@code resource} with {@code bindings}. */
  RequestSpec build(ResourceDefinition resource, Bindings bindings) {
    Function<Placeholders.Placeholder, String> values =
        p ->
            switch (p.namespace()) {
              case "tenant" -> tenantValues.get(p.path());
              case "resources" -> bindings.parent().get(p.parentField());
              case "incremental" ->
                  p.path().equals("start_value") ? bindings.startValue() : bindings.endValue();
              default -> null;
            };
    UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(url(resource, values));
    Map<String, String> params = new LinkedHashMap<>(resource.endpoint().params());
    IncrementalConfig inc = resource.endpoint().incremental();
    if (inc != null && inc.startParam() != null) {
      params.put(inc.startParam(), "{incremental.start_value}");
    }
    if (inc != null && inc.endParam() != null) {
      params.put(inc.endParam(), "{incremental.end_value}");
    }
    params.putAll(auth.queryParams());
    for (Map.Entry<String, String> e : params.entrySet()) {
      String v = Placeholders.resolve(e.getValue(), values, s -> s);
      if (v != null) {
        uri.queryParam(e.getKey(), Paginators.encodeQuery(v));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    headers.putAll(auth.headers());
    Map<String, String> extra = new LinkedHashMap<>(definition.client().headers());
    extra.putAll(resource.endpoint().headers());
    for (Map.Entry<String, String> e : extra.entrySet()) {
      String v = Placeholders.resolve(e.getValue(), values, s -> s);
      if (v != null) {
        headers.put(e.getKey(), v);
      }
    }
    URI built = uri.build(true).toUri();
    return new RequestSpec(resource.endpoint().method(), built, headers, body(resource, values));
  }

  private String url(
      ResourceDefinition resource, Function<Placeholders.Placeholder, String> values) {
    String baseUrl = Placeholders.resolve(definition.client().baseUrl(), values, s -> s);
    String path =
        Placeholders.resolve(
            resource.endpoint().path(),
            values,
            s -> UriUtils.encodePathSegment(s, StandardCharsets.UTF_8));
    if (path.startsWith("http://") || path.startsWith("https://")) {
      return path;
    }
    return (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/")
        + (path.startsWith("/") ? path.substring(1) : path);
  }

  /** The JSON body with placeholders resolved as JSON string contents, or null. */
  private static JsonNode body(
      ResourceDefinition resource, Function<Placeholders.Placeholder, String> values) {
    if (resource.endpoint().json() == null) {
      return null;
    }
    String text =
        Placeholders.resolve(
            resource.endpoint().json().toString(),
            p -> {
              String v = values.apply(p);
              return v == null ? "" : v;
            },
            s -> {
              String quoted = JsonNodeFactory.instance.stringNode(s).toString();
              return quoted.substring(1, quoted.length() - 1);
            });
    return Extractor.JSON.readTree(text);
  }

  /** {@code template} with only its {@code {tenant.*}} placeholders bound. */
  String bindTenant(String template) {
    return Placeholders.resolve(
        template, p -> p.namespace().equals("tenant") ? tenantValues.get(p.path()) : null, s -> s);
  }

  /** The parent fields a child resource refers to in its request, by JSON path. */
  static List<String> parentFields(ResourceDefinition resource) {
    Set<String> fields = new LinkedHashSet<>();
    List<String> templates = new ArrayList<>();
    templates.add(resource.endpoint().path());
    templates.addAll(resource.endpoint().params().values());
    templates.addAll(resource.endpoint().headers().values());
    if (resource.endpoint().json() != null) {
      templates.add(resource.endpoint().json().toString());
    }
    for (String t : templates) {
      for (Placeholders.Placeholder p : Placeholders.find(t)) {
        if (p.namespace().equals("resources")) {
          fields.add(p.parentField());
        }
      }
    }
    return new ArrayList<>(fields);
  }
}
