package io.flowloader.schedule;

import io.flowloader.tenant.Tenant;
import io.flowloader.tenant.TenantRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.TriggerContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.scheduling.support.PeriodicTrigger;

/**
 * Registers every enabled, scheduled tenant's trigger with Spring Scheduling. Each tenant has its
 * own scheduler thread, so a long load of one tenant never delays another's.
 */
public class TenantScheduler {

  private final TenantRegistry tenants;
  private final LoadLauncher launcher;
  private final Map<String, Trigger> triggers = new ConcurrentHashMap<>();
  private final Map<String, Instant> nextFire = new ConcurrentHashMap<>();

  public TenantScheduler(TenantRegistry tenants, LoadLauncher launcher) {
    this.tenants = tenants;
    this.launcher = launcher;
  }

  void register(ScheduledTaskRegistrar registrar) {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(Math.max(1, tenants.enabled().size()));
    scheduler.setThreadNamePrefix("tenant-schedule-");
    scheduler.setWaitForTasksToCompleteOnShutdown(true);
    scheduler.setAwaitTerminationSeconds(60);
    scheduler.initialize();
    registrar.setTaskScheduler(scheduler);
    for (Tenant tenant : tenants.enabled()) {
      if (!tenant.scheduled()) {
        continue;
      }
      Trigger trigger = trigger(tenant);
      triggers.put(tenant.name(), trigger);
      Duration interval = interval(tenant);
      registrar.addTriggerTask(
          () -> launcher.runScheduled(tenant, interval), recording(tenant, trigger));
    }
  }

  /** When the tenant's next scheduled load fires on this replica, if scheduled. */
  public Optional<Instant> nextFireTime(String tenant) {
    return Optional.ofNullable(nextFire.get(tenant));
  }

  /** The nominal time between two scheduled loads (for cron: between the next two fire times). */
  public static Duration interval(Tenant tenant) {
    if (tenant.fixedDelay() != null) {
      return tenant.fixedDelay();
    }
    if (tenant.cron() == null) {
      return Duration.ZERO;
    }
    ZonedDateTime first = tenant.cron().next(ZonedDateTime.now(tenant.zone()));
    ZonedDateTime second = first == null ? null : tenant.cron().next(first);
    return first == null || second == null ? Duration.ZERO : Duration.between(first, second);
  }

  private static Trigger trigger(Tenant tenant) {
    if (tenant.cron() != null) {
      return new CronTrigger(tenant.cron().toString(), tenant.zone());
    }
    PeriodicTrigger periodic = new PeriodicTrigger(tenant.fixedDelay());
    periodic.setFixedRate(false);
    periodic.setInitialDelay(tenant.initialDelay());
    return periodic;
  }

  private Trigger recording(Tenant tenant, Trigger trigger) {
    return new Trigger() {
      @Override
      public Instant nextExecution(TriggerContext context) {
        Instant next = trigger.nextExecution(context);
        if (next != null) {
          nextFire.put(tenant.name(), next);
        }
        return next;
      }
    };
  }
}
