package io.boomiflow.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The simulator's state and its control operations: tenants and their data, API keys, faults, live
 * mutation and the request log. The {@code /__sim/} control API and {@link SimulatorServer} both
 * drive it; every method is thread-safe.
 */
@Component
public class SimulatorControl {

  /** An API key: bound to one tenant and one user of that tenant. */
  record ApiKey(String key, String tenant, int user, String name) {}

  private final SimulatorProperties properties;
  private final RequestLog log;
  private final FaultBook faults = new FaultBook();
  private final AtomicLong apiRequests = new AtomicLong();
  private volatile long seed;
  private volatile boolean mutationEnabled;
  private volatile Map<String, TenantData> tenants;
  private volatile Map<String, ApiKey> keys;

  public SimulatorControl(SimulatorProperties properties) {
    this.properties = properties;
    this.log = new RequestLog(properties.requestLogSize());
    this.seed = properties.seed();
    reset();
  }

  /** Back to the configured state: fresh data (current seed), configured faults, empty log. */
  public synchronized void reset() {
    mutationEnabled = properties.mutation().enabled();
    faults.clear();
    properties.faults().forEach(faults::add);
    log.clear();
    apiRequests.set(0);
    build();
  }

  /** Sets the seed and regenerates all data (faults and log are kept). */
  public synchronized void setSeed(long newSeed) {
    seed = newSeed;
    build();
  }

  public long seed() {
    return seed;
  }

  /** Installs a fault; returns its id. */
  public long addFault(FaultSpec spec) {
    return faults.add(spec);
  }

  public boolean removeFault(long id) {
    return faults.remove(id);
  }

  public void clearFaults() {
    faults.clear();
  }

  /** The installed faults with their ids and how many requests each has matched so far. */
  public List<Map<String, Object>> faults() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (FaultBook.Active a : faults.list()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", a.id);
      m.put("matched", a.matched());
      m.put("spec", a.spec);
      out.add(m);
    }
    return out;
  }

  /** Switches automatic mutation (every {@code simulator.mutation.every-requests} requests). */
  public void setMutationEnabled(boolean enabled) {
    mutationEnabled = enabled;
  }

  public boolean mutationEnabled() {
    return mutationEnabled;
  }

  /** Applies {@code count} mutation ticks to {@code tenant} (name or id; null = every tenant). */
  public void tick(String tenant, int count) {
    for (TenantData t : tenants.values()) {
      if (tenant == null || tenant.equalsIgnoreCase(t.name) || tenant.equalsIgnoreCase(t.id)) {
        for (int i = 0; i < count; i++) {
          t.tick(properties.mutation());
        }
      }
    }
  }

  /** Requests logged after sequence number {@code afterSeq} (0 = all kept), oldest first. */
  public List<RequestLogEntry> requests(long afterSeq) {
    return log.since(afterSeq);
  }

  public List<RequestLogEntry> requests() {
    return log.since(0);
  }

  public void clearRequests() {
    log.clear();
  }

  /** Seed, mutation switch and per-tenant counts. */
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", seed);
    m.put("mutationEnabled", mutationEnabled);
    m.put("pageSizeCap", properties.pageSizeCap());
    List<Map<String, Object>> list = new ArrayList<>();
    tenants.values().forEach(t -> list.add(t.summary()));
    m.put("tenants", list);
    m.put("faults", faults().size());
    Runtime rt = Runtime.getRuntime();
    m.put("maxHeapBytes", rt.maxMemory());
    m.put("usedHeapBytes", rt.totalMemory() - rt.freeMemory());
    return m;
  }

  // ------------------------------------------------------------ package-private, for the API

  SimulatorProperties properties() {
    return properties;
  }

  ApiKey key(String value) {
    return value == null ? null : keys.get(value);
  }

  /** The identity a legacy token stands for, or null (also when legacy auth is off). */
  ApiKey legacy(String authorization) {
    if (!properties.legacyAuth() || authorization == null) {
      return null;
    }
    for (TenantData t : tenants.values()) {
      if (t.legacyToken().equals(authorization.trim())) {
        return new ApiKey("legacy-token", t.name, 1, "legacy");
      }
    }
    return null;
  }

  TenantData tenantById(String id) {
    for (TenantData t : tenants.values()) {
      if (t.id.equalsIgnoreCase(id == null ? "" : id.trim())) {
        return t;
      }
    }
    return null;
  }

  TenantData tenant(String name) {
    return tenants.get(name);
  }

  List<ApiKey> keysOf(ApiKey caller) {
    List<ApiKey> out = new ArrayList<>();
    TenantData callerTenant = tenants.get(caller.tenant());
    String callerUser = callerTenant.userId(caller.user());
    for (ApiKey k : keys.values()) {
      TenantData t = tenants.get(k.tenant());
      if (t.userId(k.user()).equals(callerUser)) {
        out.add(k);
      }
    }
    out.sort(java.util.Comparator.comparing(ApiKey::key));
    return out;
  }

  FaultBook.Decision decide(TenantData tenant, Endpoint endpoint, int page) {
    return faults.decide(tenant, endpoint, page);
  }

  long nextSeq() {
    return log.nextSeq();
  }

  void record(RequestLogEntry entry) {
    log.add(entry);
  }

  /** Counts an authenticated API request and, when mutation is on, ticks every n-th one. */
  void countRequest(TenantData tenant) {
    long n = apiRequests.incrementAndGet();
    SimulatorProperties.Mutation m = properties.mutation();
    if (mutationEnabled && m.everyRequests() > 0 && n % m.everyRequests() == 0) {
      tenant.tick(m);
    }
  }

  private void build() {
    Map<String, SimulatorProperties.TenantProperties> configured = properties.tenants();
    Map<String, TenantData> built = new LinkedHashMap<>();
    Map<String, ApiKey> builtKeys = new LinkedHashMap<>();
    List<TenantData.TenantRef> shared =
        List.of(
            new TenantData.TenantRef(SimulatorTenants.ACME, SimulatorTenants.ACME_ID),
            new TenantData.TenantRef(SimulatorTenants.GLOBEX, SimulatorTenants.GLOBEX_ID));
    built.put(
        SimulatorTenants.ACME,
        tenant(
            SimulatorTenants.ACME,
            SimulatorTenants.ACME_ID,
            configured.get(SimulatorTenants.ACME),
            new TenantData.Volumes(60, 1_000, 5_000, 120, 3, 8, 30, 300, 1),
            true,
            shared));
    built.put(
        SimulatorTenants.GLOBEX,
        tenant(
            SimulatorTenants.GLOBEX,
            SimulatorTenants.GLOBEX_ID,
            configured.get(SimulatorTenants.GLOBEX),
            new TenantData.Volumes(25, 300, 1_500, 40, 2, 6, 0, 300, 1),
            true,
            shared));
    builtKeys.put(
        SimulatorTenants.ACME_KEY,
        new ApiKey(SimulatorTenants.ACME_KEY, SimulatorTenants.ACME, 1, "warehouse-loader"));
    builtKeys.put(
        SimulatorTenants.GLOBEX_KEY,
        new ApiKey(SimulatorTenants.GLOBEX_KEY, SimulatorTenants.GLOBEX, 1, "warehouse-loader"));
    builtKeys.put(
        SimulatorTenants.SHARED_ACME_KEY,
        new ApiKey(SimulatorTenants.SHARED_ACME_KEY, SimulatorTenants.ACME, 0, "shared-acme"));
    builtKeys.put(
        SimulatorTenants.SHARED_GLOBEX_KEY,
        new ApiKey(
            SimulatorTenants.SHARED_GLOBEX_KEY, SimulatorTenants.GLOBEX, 0, "shared-globex"));
    for (Map.Entry<String, SimulatorProperties.TenantProperties> e : configured.entrySet()) {
      String name = e.getKey();
      if (built.containsKey(name)) {
        continue;
      }
      SimulatorProperties.TenantProperties p = e.getValue();
      if (p.id() == null || p.apiKey() == null) {
        throw new IllegalStateException(
            "simulator.tenants."
                + name
                + " needs id and api-key (only acme and globex are built in)");
      }
      built.put(
          name,
          tenant(
              name,
              p.id(),
              p,
              new TenantData.Volumes(20, 100, 500, 10, 1, 6, 0, 300, 1),
              false,
              List.of()));
      builtKeys.put(p.apiKey(), new ApiKey(p.apiKey(), name, 1, "loader"));
    }
    tenants = built;
    keys = builtKeys;
  }

  private TenantData tenant(
      String name,
      String id,
      SimulatorProperties.TenantProperties p,
      TenantData.Volumes defaults,
      boolean hasSharedUser,
      List<TenantData.TenantRef> shared) {
    TenantData.Volumes v = defaults;
    if (p != null) {
      v =
          new TenantData.Volumes(
              Math.max(1, or(p.flows(), v.flows())),
              or(p.states(), v.states()),
              or(p.auditEvents(), v.auditEvents()),
              Math.max(2, or(p.users(), v.users())),
              or(p.runtimes(), v.runtimes()),
              or(p.graphElements(), v.graphElements()),
              or(p.largeGraphEvery(), v.largeGraphEvery()),
              or(p.largeGraphElements(), v.largeGraphElements()),
              or(p.logEntries(), v.logEntries()));
    }
    return new TenantData(name, id, v, seed, properties.epochEnd(), hasSharedUser, shared);
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
