package io.flowloader.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Meters of the scheduling layer: slots skipped because the tenant's load lock was held. */
public class ScheduleMetrics {

  private final MeterRegistry registry;

  public ScheduleMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void skipped(String tenant) {
    counter(tenant).increment();
  }

  /** Registers the tenant's counter at zero, so "no skips" is a value, not a missing series. */
  void register(String tenant) {
    counter(tenant);
  }

  private Counter counter(String tenant) {
    return Counter.builder("flowloader.schedule.skipped")
        .description("Scheduled slots skipped because a load of the tenant was still running")
        .tag("tenant", tenant)
        .register(registry);
  }
}
