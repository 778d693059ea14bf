package io.flowloader.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.extract.Secret;
import io.flowloader.support.TestDatabase;
import io.flowloader.tenant.Tenant;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.support.CronExpression;

/**
 * Slot claims against the real database, as two replicas (two {@link ScheduleSlots}) make them: one
 * slot, one claimant; the next slot of a fixed delay counts from the newest finished load.
 */
class ScheduleSlotsIntegrationTests {

  private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.get().dataSource());
  private final ScheduleSlots replicaA = new ScheduleSlots(jdbc);
  private final ScheduleSlots replicaB = new ScheduleSlots(jdbc);

  @Test
  void aFixedDelaySlotIsClaimedOnceAndTheNextCountsFromTheLastFinish() {
    Tenant tenant = fixedDelay("slots-fixed-" + System.nanoTime(), Duration.ofMinutes(10));

    // Never loaded: due at once, for exactly one replica; while that load runs, nothing is due.
    assertThat(replicaA.claim(tenant, Instant.now()))
        .isEqualTo(new ScheduleSlots.Claim.Claimed(ScheduleSlots.NEVER));
    assertThat(replicaB.claim(tenant, Instant.now()))
        .isInstanceOf(ScheduleSlots.Claim.NotDue.class);

    // That load finished eleven minutes ago: the next slot (finish + delay) is due, for one
    // replica.
    Instant finished = Instant.now().minus(11, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    claimedAgo(tenant, Duration.ofMinutes(20));
    insertPackage(tenant.name(), finished);
    Instant slot = finished.plus(Duration.ofMinutes(10));
    assertThat(replicaB.claim(tenant, Instant.now()))
        .isEqualTo(new ScheduleSlots.Claim.Claimed(slot));
    assertThat(replicaA.claim(tenant, Instant.now()))
        .isInstanceOf(ScheduleSlots.Claim.NotDue.class);

    // Two replicas that computed the same slot before either stored it: the second is refused.
    claimedAgo(tenant, Duration.ofMinutes(20));
    assertThat(replicaA.claim(tenant, Instant.now()))
        .isEqualTo(new ScheduleSlots.Claim.TakenElsewhere(slot.plus(Duration.ofMinutes(10))));

    // The newest load finished a minute ago: the next slot is that finish plus the delay.
    Instant recent = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    insertPackage(tenant.name(), recent);
    assertThat(replicaA.claim(tenant, Instant.now()))
        .isEqualTo(new ScheduleSlots.Claim.NotDue(recent.plus(Duration.ofMinutes(10))));
  }

  /** As if the tenant's last claim was made {@code ago}. */
  private void claimedAgo(Tenant tenant, Duration ago) {
    jdbc.update(
        "UPDATE flowloader.schedule_slot SET claimed_at = now() - make_interval(secs => ?)"
            + " WHERE tenant = ?",
        (double) ago.toSeconds(),
        tenant.name());
  }

  @Test
  void aCronSlotIsClaimedOnceAndFiresBeforeTheStartAreNotCaughtUp() {
    Tenant tenant = cron("slots-cron-" + System.nanoTime(), "* * * * * *"); // every second
    Instant since = Instant.now().minusSeconds(5);

    ScheduleSlots.Claim first = replicaA.claim(tenant, since);
    assertThat(first).isInstanceOf(ScheduleSlots.Claim.Claimed.class);
    Instant slot = ((ScheduleSlots.Claim.Claimed) first).slot();
    assertThat(slot).isBetween(since, Instant.now());

    // The same fire time once more: the other replica is told it was taken, this one not due.
    List<ScheduleSlots.Claim> again =
        List.of(replicaB.claim(tenant, since), replicaA.claim(tenant, since));
    if (again.get(0) instanceof ScheduleSlots.Claim.Claimed) {
      return; // the clock passed the next second in between: a new slot, rightly claimed
    }
    assertThat(again.get(0)).isInstanceOf(ScheduleSlots.Claim.TakenElsewhere.class);

    // No fire time since the start: nothing to claim (no catch-up after a restart).
    Tenant hourly = cron("slots-hourly-" + System.nanoTime(), "0 0 * * * *");
    Instant justStarted = Instant.now();
    if (ScheduleSlots.latestFire(hourly, justStarted, Instant.now()) == null) {
      assertThat(replicaA.claim(hourly, justStarted))
          .isInstanceOf(ScheduleSlots.Claim.NotDue.class);
    }
  }

  @Test
  void jitterIsBoundedByATenthOfTheIntervalAndThirtySeconds() {
    for (int i = 0; i < 200; i++) {
      Tenant t = fixedDelay("jitter-" + i, Duration.ofMinutes(1));
      assertThat(ScheduleSlots.jitter(t, Duration.ofMinutes(1)))
          .isBetween(Duration.ZERO, Duration.ofSeconds(6));
      assertThat(ScheduleSlots.jitter(t, Duration.ofHours(1)))
          .isBetween(Duration.ZERO, Duration.ofSeconds(30));
    }
  }

  private void insertPackage(String tenant, Instant finished) {
    jdbc.update(
        "INSERT INTO flowloader.load_package (load_id, tenant, dataset, trigger, status, started_at,"
            + " finished_at) VALUES (?, ?, 'd', 'schedule', 'loaded', ?, ?)",
        String.valueOf(System.nanoTime()),
        tenant,
        Timestamp.from(finished.minusSeconds(5)),
        Timestamp.from(finished));
  }

  private static Tenant fixedDelay(String name, Duration delay) {
    return new Tenant(
        name,
        "id",
        Secret.of("k"),
        "http://x",
        name,
        null,
        ZoneOffset.UTC,
        delay,
        null,
        List.of(),
        true);
  }

  private static Tenant cron(String name, String cron) {
    return new Tenant(
        name,
        "id",
        Secret.of("k"),
        "http://x",
        name,
        CronExpression.parse(cron),
        ZoneOffset.UTC,
        null,
        null,
        List.of(),
        true);
  }
}
