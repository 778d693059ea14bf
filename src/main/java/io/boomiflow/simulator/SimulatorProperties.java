package io.boomiflow.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the Boomi Flow simulator (prefix {@code simulator}). Every value has a default,
 * so the simulator starts with no configuration at all; tests override single values such as {@code
 * simulator.tenants.acme.states=100000}.
 *
 * @param seed the seed every generated record derives from; same seed, same data
 * @param epochEnd the (virtual) instant the generated history ends at; live mutations happen after
 *     it, so their timestamps are always later than the seeded data
 * @param pageSizeCap the largest page the envelope endpoints serve; larger requests get fewer items
 * @param tenantMismatchStatus status for a {@code manywhotenant} naming another tenant (403 or 401)
 * @param tenantHeaderRequired when true a missing {@code manywhotenant} header is rejected too
 * @param inconsistentLinks when true {@code _links} are deliberately inconsistent with {@code
 *     _meta}, as in Boomi's own example
 * @param uppercaseIds when true generated UUIDs are written in upper case
 * @param legacyAuth when true {@code POST /api/draw/1/authentication} returns the legacy token (a
 *     quoted JSON string) and that token, sent raw in {@code Authorization}, authenticates
 * @param latencyMillis base latency added to every API response (0 = none)
 * @param latencyJitterMillis extra latency, 0 to this value, deterministic per request number
 * @param tenants per-tenant volumes (and, for tenants beyond the built-in ones, id and key)
 * @param mutation live mutation of the data while it is being read
 * @param faults faults active from startup (and after each reset)
 * @param requestLogSize how many requests the request log keeps
 * @param benchCacheSize memory for pre-rendered {@code /__sim/bench/records} pages (0 = none); at
 *     most half the heap is used whatever is set
 */
@ConfigurationProperties("simulator")
public record SimulatorProperties(
    @DefaultValue("42") long seed,
    @DefaultValue("2025-03-01T00:00:00Z") Instant epochEnd,
    @DefaultValue("200") int pageSizeCap,
    @DefaultValue("403") int tenantMismatchStatus,
    @DefaultValue("false") boolean tenantHeaderRequired,
    @DefaultValue("false") boolean inconsistentLinks,
    @DefaultValue("false") boolean uppercaseIds,
    @DefaultValue("false") boolean legacyAuth,
    @DefaultValue("0") long latencyMillis,
    @DefaultValue("0") long latencyJitterMillis,
    Map<String, TenantProperties> tenants,
    @DefaultValue Mutation mutation,
    List<FaultSpec> faults,
    @DefaultValue("10000") int requestLogSize,
    @DefaultValue("1GB") DataSize benchCacheSize) {

  public SimulatorProperties {
    tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    faults = faults == null ? List.of() : List.copyOf(faults);
  }

  /**
   * Volumes of one tenant. For the built-in tenants ({@code acme}, {@code globex}) every unset
   * value keeps its built-in default; another tenant name needs {@code id} and {@code api-key}.
   *
   * @param id tenant UUID (built-in tenants: fixed, ignored if set)
   * @param apiKey 32-character API key (built-in tenants: fixed, ignored if set)
   * @param flows number of flows
   * @param states number of states
   * @param auditEvents number of audit events (spread over two years)
   * @param users number of users (the shared user included)
   * @param runtimes number of tenant runtimes
   * @param graphElements typical number of map elements per flow graph
   * @param largeGraphEvery every n-th flow gets a large graph (0 = none)
   * @param largeGraphElements map elements in a large graph
   * @param logEntries entries in the log of a state that has one (every tenth state); each entry is
   *     keyed by its own UUID, as Boomi's {@code log.entries} map is
   */
  public record TenantProperties(
      String id,
      String apiKey,
      Integer flows,
      Integer states,
      Integer auditEvents,
      Integer users,
      Integer runtimes,
      Integer graphElements,
      Integer largeGraphEvery,
      Integer largeGraphElements,
      Integer logEntries) {}

  /**
   * Live mutation: each "tick" appends audit events and states, modifies states and bumps flow
   * versions. Ticks happen on {@code POST /__sim/mutation/tick} and, when enabled, automatically
   * every {@code everyRequests} API requests (deterministic: counted, not timed).
   *
   * @param enabled whether API requests trigger ticks
   * @param everyRequests API requests per automatic tick
   * @param auditEventsPerTick new audit events per tick
   * @param newStatesPerTick new states per tick
   * @param modifiedStatesPerTick existing states modified per tick
   * @param flowBumpsPerTick flows that get a new version per tick
   * @param deletedStatesPerTick states that vanish per tick (ephemeral states; 0 by default so that
   *     paging tests can count on every seeded state)
   */
  public record Mutation(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("5") int everyRequests,
      @DefaultValue("20") int auditEventsPerTick,
      @DefaultValue("3") int newStatesPerTick,
      @DefaultValue("5") int modifiedStatesPerTick,
      @DefaultValue("1") int flowBumpsPerTick,
      @DefaultValue("0") int deletedStatesPerTick) {}
}
