package io.flowloader.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code flowloader_*} meters (docs/operations.md). {@code tenant} is a label; a load id, a
 * table or a resource never is: per-table detail lives in the load report ({@code GET
 * /loads/{id}}), so a tenant costs a bounded couple of dozen series whatever its source.
 */
public class LoadMetrics {

  private final MeterRegistry registry;
  private final Map<String, TenantGauges> gauges = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> failingInARow = new ConcurrentHashMap<>();

  public LoadMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers a tenant's gauges up front, so dashboards see every tenant before its first load. */
  public void registerTenant(String tenant, Duration scheduleInterval, Instant lastSuccess) {
    TenantGauges g = gauges(tenant);
    g.intervalSeconds.set(scheduleInterval.toSeconds());
    if (lastSuccess != null) {
      g.lastSuccessEpochSecond.set(lastSuccess.getEpochSecond());
    }
    rateLimitWaitCounter(tenant);
  }

  void loadStarted(String tenant) {
    TenantGauges g = gauges(tenant);
    g.active.incrementAndGet();
    g.runningSince.set(System.currentTimeMillis());
  }

  /**
   * Buckets of the load-duration histogram: few and fixed, because every bucket is a series per
   * tenant and outcome (Micrometer's default histogram has about 70).
   */
  static final Duration[] DURATION_BUCKETS = {
    Duration.ofSeconds(10),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofHours(1)
  };

  void loadFinished(String tenant, String outcome, Duration took) {
    TenantGauges g = gauges(tenant);
    g.active.decrementAndGet();
    g.runningSince.set(0);
    Timer.builder("flowloader.load.duration")
        .description("Duration of loads, by tenant and outcome")
        .tag("tenant", tenant)
        .tag("outcome", outcome)
        .serviceLevelObjectives(DURATION_BUCKETS)
        .register(registry)
        .record(took);
    if ("success".equals(outcome)) {
      g.lastSuccessEpochSecond.set(Instant.now().getEpochSecond());
    }
  }

  /**
   * After a committed load: a failed resource's count of loads failed in a row goes up (and its
   * failures counter), a resource that loaded goes back to 0. A resource's series appear with its
   * first failure only, so a healthy tenant costs none of them.
   */
  void resourceOutcomes(String tenant, Collection<String> resources, Set<String> failed) {
    Set<String> all = new TreeSet<>(resources);
    all.addAll(failed);
    for (String resource : all) {
      String key = tenant + "\u0000" + resource;
      if (failed.contains(resource)) {
        failingInARow
            .computeIfAbsent(
                key,
                k -> {
                  AtomicLong v = new AtomicLong();
                  Gauge.builder("flowloader.resource.failing.loads", v, AtomicLong::get)
                      .description("Loads in a row in which the resource failed (0: it loaded)")
                      .tag("tenant", tenant)
                      .tag("resource", resource)
                      .register(registry);
                  return v;
                })
            .incrementAndGet();
        Counter.builder("flowloader.resource.failures")
            .description("Resources that failed and were left out of a committed load")
            .tag("tenant", tenant)
            .tag("resource", resource)
            .register(registry)
            .increment();
      } else {
        AtomicLong inARow = failingInARow.get(key);
        if (inARow != null) {
          inARow.set(0);
        }
      }
    }
  }

  void rowsLoaded(String tenant, long rows) {
    Counter.builder("flowloader.rows.loaded")
        .description("Rows committed into dataset tables (per table: GET /loads/{id})")
        .tag("tenant", tenant)
        .register(registry)
        .increment(rows);
  }

  void normalizeWarnings(String tenant, String table, String kind, long count) {
    Counter.builder("flowloader.normalize.warnings")
        .description("Values the normalizer repaired, merged or dropped, by table and kind")
        .tag("tenant", tenant)
        .tag("table", table)
        .tag("kind", kind)
        .register(registry)
        .increment(count);
  }

  void pageFetched(String tenant) {
    Counter.builder("flowloader.pages.fetched")
        .description("API pages fetched completely (per resource: GET /loads/{id})")
        .tag("tenant", tenant)
        .register(registry)
        .increment();
  }

  void retried(String tenant, String reason) {
    Counter.builder("flowloader.http.retries")
        .description("HTTP requests retried, by reason (429, 503, 5xx, io, timeout, body)")
        .tag("tenant", tenant)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  void rateLimitWaited(String tenant, Duration waited) {
    rateLimitWaitCounter(tenant).increment(waited.toNanos() / 1e9);
  }

  private Counter rateLimitWaitCounter(String tenant) {
    return Counter.builder("flowloader.rate.limit.wait")
        .description("Time spent waiting for the client-side rate limiter")
        .baseUnit("seconds")
        .tag("tenant", tenant)
        .register(registry);
  }

  private TenantGauges gauges(String tenant) {
    return gauges.computeIfAbsent(tenant, t -> new TenantGauges(registry, t));
  }

  private static final class TenantGauges {
    final AtomicInteger active = new AtomicInteger();
    final AtomicLong runningSince = new AtomicLong();
    final AtomicLong lastSuccessEpochSecond = new AtomicLong();
    final AtomicLong intervalSeconds = new AtomicLong();

    TenantGauges(MeterRegistry registry, String tenant) {
      Gauge.builder("flowloader.loads.active", active, AtomicInteger::get)
          .description("Loads running now")
          .tag("tenant", tenant)
          .register(registry);
      Gauge.builder(
              "flowloader.load.running",
              runningSince,
              s -> s.get() == 0 ? 0 : (System.currentTimeMillis() - s.get()) / 1000.0)
          .description("Age of the tenant's running load (0 when idle); alert when stuck")
          .baseUnit("seconds")
          .tag("tenant", tenant)
          .register(registry);
      Gauge.builder("flowloader.last.success.timestamp", lastSuccessEpochSecond, AtomicLong::get)
          .description("Unix time of the tenant's last successful load (0: none yet)")
          .baseUnit("seconds")
          .tag("tenant", tenant)
          .register(registry);
      Gauge.builder("flowloader.tenant.schedule.interval", intervalSeconds, AtomicLong::get)
          .description("Nominal time between scheduled loads (0: manual only)")
          .baseUnit("seconds")
          .tag("tenant", tenant)
          .register(registry);
    }
  }
}
