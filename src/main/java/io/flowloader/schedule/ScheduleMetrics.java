package io.flowloader.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters of the scheduling layer: slots skipped because the tenant's load lock was held, slots
 * another replica claimed first, and due slots waiting for a free load permit.
 */
public class ScheduleMetrics {

  private final MeterRegistry registry;
  private final Counter elsewhere;
  private final AtomicInteger waiting = new AtomicInteger();

  public ScheduleMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.elsewhere =
        Counter.builder("flowloader.schedule.slots.elsewhere")
            .description("Due scheduled slots another replica claimed first")
            .register(registry);
    Gauge.builder("flowloader.schedule.waiting", waiting, AtomicInteger::get)
        .description("Due scheduled slots waiting for a free load permit on this replica")
        .register(registry);
  }

  void takenElsewhere() {
    elsewhere.increment();
  }

  void waiting(int slots) {
    waiting.set(slots);
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
