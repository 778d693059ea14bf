package io.flowloader.tenant;

import io.flowloader.extract.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.scheduling.support.CronExpression;

/**
 * The configured tenants, validated once at start-up. Every problem is collected and reported in
 * one exception, so an operator fixes the configuration in one round instead of one error per
 * restart.
 */
public final class TenantRegistry {

  private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  // A dataset becomes a PostgreSQL schema; it must already be what the naming convention produces.
  private static final Pattern DATASET = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String DEFAULT_DATASET = "boomi_flow_data";

  private final Map<String, Tenant> tenants;
  private final List<String> order;

  /**
   * @param knownResources resource names of the source definition, to reject typos up front
   */
  public TenantRegistry(TenantProperties properties, Collection<String> knownResources) {
    List<String> problems = new ArrayList<>();
    Map<String, Tenant> byName = new LinkedHashMap<>();
    Set<String> datasets = new HashSet<>();
    Set<String> names = new HashSet<>();
    List<TenantProperties.Entry> entries = properties.tenants();
    for (int i = 0; i < entries.size(); i++) {
      TenantProperties.Entry e = entries.get(i);
      String where =
          "flowloader.tenants[" + i + "]" + (e.name() == null ? "" : " (" + e.name() + ")");
      Tenant t = resolve(e, where, knownResources, problems);
      // Checked on the configured values, so a tenant with other problems is still compared
      // (every problem is reported at once).
      String dataset = e.dataset() == null ? DEFAULT_DATASET : e.dataset();
      if (e.name() != null && !names.add(e.name())) {
        problems.add(where + ": duplicate tenant name '" + e.name() + "'");
      }
      if (!datasets.add(dataset)) {
        problems.add(where + ": dataset '" + dataset + "' is already used by another tenant");
      }
      if (t != null) {
        byName.putIfAbsent(t.name(), t);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidTenantConfigurationException(problems);
    }
    this.tenants = Map.copyOf(byName);
    this.order = List.copyOf(byName.keySet());
  }

  public List<Tenant> all() {
    return order.stream().map(tenants::get).toList();
  }

  public List<Tenant> enabled() {
    return all().stream().filter(Tenant::enabled).toList();
  }

  public Optional<Tenant> find(String name) {
    return Optional.ofNullable(tenants.get(name));
  }

  private static Tenant resolve(
      TenantProperties.Entry e, String where, Collection<String> known, List<String> problems) {
    int before = problems.size();
    if (e.name() == null || !SLUG.matcher(e.name()).matches()) {
      problems.add(where + ": name must be a lower-case slug ([a-z][a-z0-9_-]*), got " + e.name());
    }
    if (e.tenantId() == null || !isUuid(e.tenantId())) {
      problems.add(where + ": tenant-id must be the Boomi tenant UUID, got " + e.tenantId());
    }
    String dataset = e.dataset() == null ? DEFAULT_DATASET : e.dataset();
    if (!DATASET.matcher(dataset).matches() || dataset.startsWith("flowloader")) {
      problems.add(
          where
              + ": dataset must be a lower-case PostgreSQL identifier (not flowloader*), got "
              + dataset);
    }
    URI base = null;
    try {
      base = URI.create(e.baseUrl());
      if (!"https".equals(base.getScheme()) && !"http".equals(base.getScheme())
          || base.getHost() == null) {
        problems.add(where + ": base-url must be an http(s) URL, got " + e.baseUrl());
      }
    } catch (IllegalArgumentException ex) {
      problems.add(where + ": base-url is not a URL: " + e.baseUrl());
    }
    Secret key = resolveKey(e, where, problems);
    TenantProperties.Schedule s = e.schedule();
    CronExpression cron = null;
    if (s.cron() != null && s.fixedDelay() != null) {
      problems.add(where + ": schedule takes cron or fixed-delay, not both");
    } else if (s.cron() != null) {
      try {
        cron = CronExpression.parse(s.cron());
      } catch (IllegalArgumentException ex) {
        problems.add(where + ": schedule.cron '" + s.cron() + "' is invalid: " + ex.getMessage());
      }
    } else if (s.fixedDelay() != null && (s.fixedDelay().isNegative() || s.fixedDelay().isZero())) {
      problems.add(where + ": schedule.fixed-delay must be positive, got " + s.fixedDelay());
    }
    if (s.initialDelay() != null && s.initialDelay().isNegative()) {
      problems.add(
          where + ": schedule.initial-delay must not be negative, got " + s.initialDelay());
    }
    ZoneId zone = ZoneOffset.UTC;
    if (s.zone() != null) {
      try {
        zone = ZoneId.of(s.zone());
      } catch (DateTimeException ex) {
        problems.add(where + ": schedule.zone '" + s.zone() + "' is not a time zone");
      }
    }
    for (String r : e.resources()) {
      if (!known.contains(r)) {
        problems.add(where + ": unknown resource '" + r + "' (known: " + known + ")");
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new Tenant(
        e.name(),
        e.tenantId().toLowerCase(),
        key,
        stripTrailingSlash(base.toString()),
        dataset,
        cron,
        zone,
        s.fixedDelay(),
        s.initialDelay(),
        e.resources(),
        e.enabled());
  }

  private static Secret resolveKey(TenantProperties.Entry e, String where, List<String> problems) {
    boolean inline = e.apiKey() != null && !e.apiKey().isBlank();
    boolean file = e.apiKeyFile() != null && !e.apiKeyFile().isBlank();
    if (inline && file) {
      problems.add(where + ": give api-key or api-key-file, not both");
      return null;
    }
    if (inline) {
      return Secret.of(e.apiKey().strip());
    }
    if (file) {
      try {
        String value = Files.readString(Path.of(e.apiKeyFile()), StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
          problems.add(where + ": api-key-file " + e.apiKeyFile() + " is empty");
          return null;
        }
        return Secret.of(value);
      } catch (IOException ex) {
        problems.add(where + ": cannot read api-key-file " + e.apiKeyFile() + ": " + ex);
        return null;
      }
    }
    problems.add(
        where
            + ": missing secret: set api-key (e.g. from an environment variable) or api-key-file");
    return null;
  }

  private static boolean isUuid(String s) {
    try {
      return UUID.fromString(s).toString().equalsIgnoreCase(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
