package io.flowloader.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code flowloader_*} meters of design.md §4. {@code tenant} is a label; a load id never is
 * (it goes to the logs), so the number of series stays bounded by tenants × tables.
 */
public class LoadMetrics {

  private final MeterRegistry registry;
  private final Map<String, TenantGauges> gauges = new ConcurrentHashMap<>();

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

  void loadFinished(String tenant, String trigger, String outcome, Duration took) {
    TenantGauges g = gauges(tenant);
    g.active.decrementAndGet();
    g.runningSince.set(0);
    Timer.builder("flowloader.load.duration")
        .description("Duration of loads, by tenant, trigger and outcome")
        .tag("tenant", tenant)
        .tag("trigger", trigger)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(100))
        .maximumExpectedValue(Duration.ofHours(2))
        .register(registry)
        .record(took);
    if ("success".equals(outcome)) {
      g.lastSuccessEpochSecond.set(Instant.now().getEpochSecond());
    }
  }

  void rowsLoaded(String tenant, String table, long rows) {
    Counter.builder("flowloader.rows.loaded")
        .description("Rows committed into dataset tables")
        .tag("tenant", tenant)
        .tag("table", table)
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

  void pageFetched(String tenant, String resource) {
    Counter.builder("flowloader.pages.fetched")
        .description("API pages fetched completely")
        .tag("tenant", tenant)
        .tag("resource", resource)
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
