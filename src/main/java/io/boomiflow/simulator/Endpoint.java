package io.boomiflow.simulator;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Boomi Flow endpoints the simulator serves. {@link #key()} is the name used to target faults
 * ({@code "endpoint": "states"}) and shown in the request log.
 */
public enum Endpoint {
  /** POST only, and only with {@code simulator.legacy-auth=true}. */
  AUTHENTICATION("authentication", "draw/1/authentication"),
  FLOWS("flows", "draw/1/flow"),
  FLOWS_ACTIVE("flows-active", "draw/1/flow/active"),
  FLOW_SNAP("flow-snap", "draw/1/flow/snap/([^/]+)"),
  FLOW("flow", "draw/1/flow/([^/]+)"),
  GRAPH("graph", "draw/1/graph/flow/([^/]+)"),
  TENANT_RUNTIMES("tenant-runtimes", "admin/1/tenant/runtimes"),
  ORGANIZATION_RUNTIMES("organization-runtimes", "admin/1/organization/runtimes"),
  USER_KEYS("user-keys", "admin/1/users/me/keys"),
  USERS("users", "admin/1/users"),
  STATES("states", "admin/1/states"),
  STATE("state", "admin/1/states/([^/]+)"),
  AUDIT("audit", "audit/1/search"),
  TRANSLATE_FLOWS("translate-flows", "translate/1/flow"),
  RUN_STATE("run-state", "run/2/state/([^/]+)");

  private final String key;
  private final Pattern pattern;

  Endpoint(String key, String path) {
    this.key = key;
    this.pattern = Pattern.compile("/api/" + path + "/?", Pattern.CASE_INSENSITIVE);
  }

  public String key() {
    return key;
  }

  /** A routed request: the endpoint and its path variable (or null). */
  record Route(Endpoint endpoint, String variable) {}

  /** Routes {@code path} (order matters: {@code flow/active} before {@code flow/{id}}). */
  static Route route(String path) {
    for (Endpoint e : values()) {
      Matcher m = e.pattern.matcher(path);
      if (m.matches()) {
        return new Route(e, m.groupCount() > 0 ? m.group(1) : null);
      }
    }
    return null;
  }

  /** True when {@code name} (key or enum name, any case; null or * = all) selects this endpoint. */
  boolean selectedBy(String name) {
    if (name == null || name.equals("*")) {
      return true;
    }
    return name.equalsIgnoreCase(key) || name.toUpperCase(Locale.ROOT).equals(name());
  }
}
