package io.flowloader.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;

/**
 * Cluster-wide locks per tenant, in PostgreSQL (ShedLock, database time).
 *
 * <p>Two locks per tenant: the <em>load lock</em> is held for the whole load by whoever runs it
 * (schedule or manual) and kept alive while the load runs, so a crashed replica frees it within
 * {@link #LOAD_LOCK_AT_MOST}; the <em>slot lock</em> is taken by scheduled firings only and held
 * for at least half the tenant's interval, so replicas whose timers fire a moment apart load one
 * scheduled slot once, not once per replica.
 */
public class TenantLocks {

  static final Duration LOAD_LOCK_AT_MOST = Duration.ofMinutes(2);

  private final LockProvider keptAlive;
  private final LockProvider plain;

  public TenantLocks(KeepAliveLockProvider keptAlive, LockProvider plain) {
    this.keptAlive = keptAlive;
    this.plain = plain;
  }

  /** The load lock, or empty when another load of the tenant holds it. */
  public Optional<SimpleLock> tryLoadLock(String tenant) {
    return keptAlive.lock(
        new LockConfiguration(Instant.now(), "load:" + tenant, LOAD_LOCK_AT_MOST, Duration.ZERO));
  }

  /**
   * Claims the scheduled slot; false when another replica already claimed it. Unlocking the
   * returned lock keeps it until {@code interval / 2} has passed since the claim.
   */
  public Optional<SimpleLock> claimSlot(String tenant, Duration interval) {
    Duration half = interval.dividedBy(2);
    return plain.lock(new LockConfiguration(Instant.now(), "slot:" + tenant, half, half));
  }
}
