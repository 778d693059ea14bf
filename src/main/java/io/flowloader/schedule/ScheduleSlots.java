package io.flowloader.schedule;

import io.flowloader.tenant.Tenant;
import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scheduled slots, claimed in the database so that one replica loads each slot (table {@code
 * flowloader.schedule_slot}). A slot comes from the schedule and the database, never from a
 * replica's own timer: for a cron schedule it is the fire time; for a fixed delay it is the newest
 * finished load of the tenant (any replica, any trigger) or the newest claim (a load that is still
 * running, or never started because its replica died), whichever is later, plus the delay. A claim
 * succeeds only for a slot later than the one stored, so of two replicas asking for the same slot
 * exactly one gets it.
 */
public class ScheduleSlots {

  /** The slot of a fixed-delay tenant that was never loaded nor claimed. */
  static final Instant NEVER = Instant.EPOCH;

  private final JdbcTemplate jdbc;
  // pid@host and a random part: unique per instance, readable in the table.
  private final String replica =
      ManagementFactory.getRuntimeMXBean().getName()
          + "/"
          + UUID.randomUUID().toString().substring(0, 8);

  public ScheduleSlots(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** What asking for the tenant's current slot gave. */
  sealed interface Claim {
    /** This replica claimed the slot and should load it now. */
    record Claimed(Instant slot) implements Claim {}

    /** No slot is due; the next one is due at {@code next} (as the database stands now). */
    record NotDue(Instant next) implements Claim {}

    /**
     * Another replica claimed the due slot; the one after it is due at {@code next} at the
     * earliest.
     */
    record TakenElsewhere(Instant next) implements Claim {}
  }

  /**
   * Claims the tenant's due slot, if one is due.
   *
   * @param since cron fire times before this instant are not loaded (no catch-up after a restart)
   */
  Claim claim(Tenant tenant, Instant since) {
    return tenant.cron() != null ? claimCron(tenant, since) : claimFixedDelay(tenant);
  }

  private Claim claimFixedDelay(Tenant tenant) {
    record Due(Instant slot, Instant now) {}
    Due due =
        jdbc.queryForObject(
            "SELECT greatest((SELECT max(finished_at) FROM flowloader.load_package WHERE tenant ="
                + " ?), (SELECT claimed_at FROM flowloader.schedule_slot WHERE tenant = ?))"
                + " + make_interval(secs => ?), now()",
            (rs, i) ->
                new Due(
                    rs.getTimestamp(1) == null ? NEVER : rs.getTimestamp(1).toInstant(),
                    rs.getTimestamp(2).toInstant()),
            tenant.name(),
            tenant.name(),
            tenant.fixedDelay().toMillis() / 1000.0);
    if (due.slot().isAfter(due.now())) {
      return new Claim.NotDue(due.slot());
    }
    return store(tenant, due.slot())
        ? new Claim.Claimed(due.slot())
        : new Claim.TakenElsewhere(due.slot().plus(tenant.fixedDelay()));
  }

  private Claim claimCron(Tenant tenant, Instant since) {
    Instant now = Instant.now();
    // Only the latest fire time matters: look back two periods, not to the process's start.
    Instant lookback = now.minus(TenantScheduler.interval(tenant).multipliedBy(2));
    Instant slot = latestFire(tenant, since.isAfter(lookback) ? since : lookback, now);
    if (slot == null) {
      return new Claim.NotDue(nextFire(tenant, now));
    }
    if (store(tenant, slot)) {
      return new Claim.Claimed(slot);
    }
    List<String> holder =
        jdbc.queryForList(
            "SELECT claimed_by FROM flowloader.schedule_slot WHERE tenant = ? AND slot_at = ?",
            String.class,
            tenant.name(),
            Timestamp.from(slot));
    Instant next = nextFire(tenant, slot);
    return holder.contains(replica) || holder.isEmpty()
        ? new Claim.NotDue(next)
        : new Claim.TakenElsewhere(next);
  }

  /** Stores the claim of {@code slot}; false when the stored slot is the same or later. */
  private boolean store(Tenant tenant, Instant slot) {
    return jdbc.update(
            "INSERT INTO flowloader.schedule_slot AS s (tenant, slot_at, claimed_by, claimed_at)"
                + " VALUES (?, ?, ?, now()) ON CONFLICT (tenant) DO UPDATE SET slot_at ="
                + " excluded.slot_at, claimed_by = excluded.claimed_by, claimed_at ="
                + " excluded.claimed_at WHERE s.slot_at < excluded.slot_at",
            tenant.name(),
            Timestamp.from(slot),
            replica)
        == 1;
  }

  /** The latest cron fire time in {@code [since, now]}, or null. */
  static Instant latestFire(Tenant tenant, Instant since, Instant now) {
    ZonedDateTime t = ZonedDateTime.ofInstant(since.minusNanos(1), tenant.zone());
    Instant latest = null;
    while ((t = tenant.cron().next(t)) != null && !t.toInstant().isAfter(now)) {
      latest = t.toInstant();
    }
    return latest;
  }

  static Instant nextFire(Tenant tenant, Instant after) {
    ZonedDateTime next = tenant.cron().next(ZonedDateTime.ofInstant(after, tenant.zone()));
    return next == null ? Instant.MAX : next.toInstant();
  }

  /** How far behind a due slot this tenant's replicas look, to spread tenants' start times. */
  static Duration jitter(Tenant tenant, Duration interval) {
    long bound = Math.min(interval.toMillis() / 10, Duration.ofSeconds(30).toMillis());
    return bound <= 0
        ? Duration.ZERO
        : Duration.ofMillis(Math.floorMod(tenant.name().hashCode(), bound));
  }
}
