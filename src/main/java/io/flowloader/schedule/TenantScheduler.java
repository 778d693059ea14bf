package io.flowloader.schedule;

import io.flowloader.pkg.LoadSummaries;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.tenant.Tenant;
import io.flowloader.tenant.TenantRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Scheduled loads as a fair queue. One timer ({@link #TICK}) looks at every scheduled tenant whose
 * slot may be due; the due ones are taken in order of staleness (never loaded first, then the
 * oldest last success) for as long as this replica has a free load permit, each after claiming its
 * slot in the database ({@link ScheduleSlots}), and run on the load executor. A tenant that finds
 * no free permit simply stays due and is taken as soon as one frees up: nothing waits out a whole
 * interval because the replica was busy. Local times only say when to ask the database again.
 */
public class TenantScheduler {

  static final Duration TICK = Duration.ofSeconds(1);
  private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(10);
  private static final Duration STALENESS_READ_EVERY = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(TenantScheduler.class);

  private final TenantRegistry tenants;
  private final LoadLauncher launcher;
  private final ScheduleSlots slots;
  private final LoadSummaries summaries;
  private final ScheduleMetrics metrics;
  private final Executor loads;
  private final Instant started = Instant.now();
  // When to ask the database about the tenant's slot again (slot time plus the tenant's jitter).
  private final Map<String, Instant> askAt = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private volatile Instant stalenessReadAt = Instant.MIN;

  public TenantScheduler(
      TenantRegistry tenants,
      LoadLauncher launcher,
      ScheduleSlots slots,
      LoadSummaries summaries,
      ScheduleMetrics metrics,
      Executor loads) {
    this.tenants = tenants;
    this.launcher = launcher;
    this.slots = slots;
    this.summaries = summaries;
    this.metrics = metrics;
    this.loads = loads;
  }

  void register(ScheduledTaskRegistrar registrar, TaskScheduler timer) {
    registrar.setTaskScheduler(timer);
    for (Tenant tenant : scheduled()) {
      Duration first = tenant.cron() != null ? Duration.ZERO : tenant.initialDelay();
      askAt.put(tenant.name(), started.plus(first).plus(jitter(tenant)));
    }
    registrar.addFixedDelayTask(this::dispatch, TICK);
  }

  /** When this replica next asks whether the tenant's slot is due, if scheduled. */
  public Optional<Instant> nextFireTime(String tenant) {
    return Optional.ofNullable(askAt.get(tenant));
  }

  /** One look at the queue: claims and starts due slots while permits are free. */
  void dispatch() {
    if (!launcher.isAccepting()) {
      return;
    }
    Instant now = Instant.now();
    List<Tenant> due = new ArrayList<>();
    for (Tenant tenant : scheduled()) {
      Instant at = askAt.get(tenant.name());
      if (at != null && !at.isAfter(now) && !running.contains(tenant.name())) {
        due.add(tenant);
      }
    }
    if (due.size() > 1) {
      readStaleness(now);
      due.sort(Comparator.comparing(t -> lastSuccess.getOrDefault(t.name(), Instant.MIN)));
    }
    int waiting = due.size();
    for (Tenant tenant : due) {
      if (!launcher.tryReserve()) {
        break;
      }
      waiting--;
      boolean handedOver = false;
      try {
        ScheduleSlots.Claim claim = slots.claim(tenant, started);
        if (claim instanceof ScheduleSlots.Claim.Claimed) {
          running.add(tenant.name());
          loads.execute(() -> run(tenant));
          handedOver = true;
        } else if (claim instanceof ScheduleSlots.Claim.NotDue notDue) {
          askAt.put(tenant.name(), notDue.next().plus(jitter(tenant)));
        } else if (claim instanceof ScheduleSlots.Claim.TakenElsewhere elsewhere) {
          metrics.takenElsewhere();
          askAt.put(tenant.name(), elsewhere.next().plus(jitter(tenant)));
        }
      } catch (RuntimeException e) {
        running.remove(tenant.name());
        log.warn("tenant {}: cannot claim its scheduled slot: {}", tenant.name(), e.getMessage());
        askAt.put(tenant.name(), now.plus(RETRY_AFTER_ERROR));
      } finally {
        if (!handedOver) {
          launcher.unreserve();
        }
      }
    }
    metrics.waiting(waiting);
  }

  /** Runs a claimed slot (the permit is the launcher's from here on), then asks again at once. */
  private void run(Tenant tenant) {
    try {
      launcher
          .runReserved(tenant)
          .filter(p -> p.finishedAt() != null && p.status() == PackageStatus.LOADED)
          .ifPresent(p -> lastSuccess.put(tenant.name(), p.finishedAt()));
    } finally {
      running.remove(tenant.name());
      // The database knows the next slot (this load's finish plus the delay, or the next fire).
      askAt.put(tenant.name(), Instant.now());
    }
  }

  /** Last successes of every tenant, read at most every minute (other replicas load too). */
  private void readStaleness(Instant now) {
    if (Duration.between(stalenessReadAt, now).compareTo(STALENESS_READ_EVERY) < 0) {
      return;
    }
    stalenessReadAt = now;
    try {
      summaries
          .lastSuccesses(scheduled().stream().map(Tenant::name).toList())
          .forEach((tenant, at) -> lastSuccess.merge(tenant, at, (a, b) -> a.isAfter(b) ? a : b));
    } catch (RuntimeException e) {
      log.warn("cannot read the tenants' last successes: {}", e.getMessage());
    }
  }

  private List<Tenant> scheduled() {
    return tenants.enabled().stream().filter(Tenant::scheduled).toList();
  }

  private static Duration jitter(Tenant tenant) {
    return ScheduleSlots.jitter(tenant, interval(tenant));
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
}
