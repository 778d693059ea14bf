package io.flowloader.schedule;

import io.flowloader.pipeline.LoadOptions;
import io.flowloader.pipeline.LoadPipeline;
import io.flowloader.pipeline.PreparedLoad;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.Trigger;
import io.flowloader.tenant.Tenant;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Phaser;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts loads under the tenant's cluster lock, each with one of this replica's load permits, on
 * the load executor: scheduled ones once {@link TenantScheduler} claimed their slot, manual ones at
 * once (so {@code POST /loads} answers while the load runs). On shutdown it takes no new loads and
 * gives running ones the grace period to finish; the pipeline aborts what is still running after
 * that, cleanly.
 */
public class LoadLauncher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(LoadLauncher.class);
  private static final Duration MANUAL_PERMIT_WAIT = Duration.ofSeconds(5);
  private static final Duration RELEASE_WAIT = Duration.ofSeconds(2);
  // How long stop() waits for loads it aborted after the grace period to end.
  private static final Duration ABORT_WAIT = Duration.ofSeconds(30);

  private final TenantLocks locks;
  private final LoadPipeline pipeline;
  private final ScheduleMetrics metrics;
  private final Duration shutdownGrace;
  private final Executor loads;
  private final Set<PreparedLoad> running = ConcurrentHashMap.newKeySet();
  // One party per running load plus the launcher's own: stop() arrives and waits for the phase to
  // advance, which it does when the last running load has deregistered.
  private final Phaser inFlight = new Phaser(1);
  // Each running load holds database connections (staging COPY, bookkeeping), so a replica runs at
  // most this many at once and the connection pool is sized to match (see application.yaml).
  private final Semaphore permits;
  private volatile boolean accepting = true;

  public LoadLauncher(
      TenantLocks locks,
      LoadPipeline pipeline,
      ScheduleMetrics metrics,
      Duration shutdownGrace,
      int maxConcurrentLoads,
      Executor loads) {
    this.permits = new Semaphore(maxConcurrentLoads, true);
    this.locks = locks;
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.shutdownGrace = shutdownGrace;
    this.loads = loads;
  }

  /**
   * Starts a manual load and returns its freshly opened package (status {@code extracting}).
   *
   * @throws TenantBusyException when the tenant is loading already
   * @throws ShuttingDownException when the service is stopping
   */
  public LoadPackage launchManual(Tenant tenant, LoadOptions options) {
    if (!accepting) {
      throw new ShuttingDownException();
    }
    if (!tryPermit(MANUAL_PERMIT_WAIT)) {
      throw new TooManyLoadsException();
    }
    Started started = start(tenant, Trigger.MANUAL, options);
    try {
      loads.execute(() -> runAndRelease(started));
    } catch (RejectedExecutionException e) {
      // The executor is shutting down: the package stays open and the next load aborts it.
      release(started);
      throw new ShuttingDownException();
    }
    return started.load().pkg();
  }

  /** Takes a load permit without waiting; false when this replica runs all the loads it may. */
  boolean tryReserve() {
    return accepting && permits.tryAcquire();
  }

  /** Gives back a permit of {@link #tryReserve} that no load took over. */
  void unreserve() {
    permits.release();
  }

  /**
   * Runs a claimed scheduled slot on the calling thread, with a permit from {@link #tryReserve}
   * that is released here whatever happens. A slot whose tenant is loading already (a manual load,
   * or a load of another replica) is skipped and counted.
   */
  Optional<LoadPackage> runReserved(Tenant tenant) {
    Started started;
    try {
      started = start(tenant, Trigger.SCHEDULE, LoadOptions.defaults());
    } catch (TenantBusyException e) {
      metrics.skipped(tenant.name());
      log.info("tenant {}: scheduled load skipped, a load is still running", tenant.name());
      return Optional.empty();
    } catch (RuntimeException e) {
      log.error("tenant {}: cannot start scheduled load: {}", tenant.name(), e.getMessage());
      return Optional.empty();
    }
    return Optional.of(runAndRelease(started));
  }

  /** Runs a load on the calling thread under the tenant's lock (one-shot mode). */
  public LoadPackage runNow(Tenant tenant, Trigger trigger, LoadOptions options) {
    permits.acquireUninterruptibly();
    return runAndRelease(start(tenant, trigger, options));
  }

  /** A prepared load and the tenant lock it runs under. */
  private record Started(PreparedLoad load, TenantLocks.LoadLock lock) {}

  /**
   * With a permit held: takes the tenant's load lock and opens the package. On failure releases
   * what it took, the permit included.
   *
   * @throws TenantBusyException when another load of the tenant holds the lock
   */
  private Started start(Tenant tenant, Trigger trigger, LoadOptions options) {
    TenantLocks.LoadLock lock = null;
    try {
      lock =
          tryLoadLock(tenant.name())
              .orElseThrow(
                  () ->
                      new TenantBusyException(
                          tenant.name(), locks.holder(tenant.name()).orElse(null)));
      PreparedLoad load = pipeline.prepare(tenant, trigger, options);
      lock.naming(load.loadId());
      lock.onLost(
          () ->
              load.expire(
                  "database unavailable: the connection holding the tenant's load lock failed,"
                      + " so the lock is lost"));
      inFlight.register();
      running.add(load);
      return new Started(load, lock);
    } catch (RuntimeException e) {
      TenantLocks.LoadLock taken = lock;
      releaseAll(
          "start of tenant " + tenant.name(),
          () -> {
            if (taken != null) {
              taken.unlock();
            }
          },
          permits::release);
      throw e;
    }
  }

  /**
   * The tenant's load lock. A load's package reads {@code loaded} a moment before the load releases
   * the lock, so a caller that saw it finish and asks again at once would be told "busy" by a lock
   * that guards nothing any more: while the holder names no running load, wait briefly for it in
   * PostgreSQL.
   */
  private Optional<TenantLocks.LoadLock> tryLoadLock(String tenant) {
    Optional<TenantLocks.LoadLock> lock = locks.tryLoadLock(tenant);
    if (lock.isEmpty() && !holderRuns(tenant)) {
      lock = locks.tryLoadLock(tenant, RELEASE_WAIT);
    }
    return lock;
  }

  /** True when the lock's holder names a load whose package is not final yet. */
  private boolean holderRuns(String tenant) {
    Optional<String> holder = locks.holder(tenant);
    return holder.isPresent() && pipeline.runningLoadId(tenant).isPresent();
  }

  /** Runs the load, then releases what {@link #start} took. */
  private LoadPackage runAndRelease(Started started) {
    try {
      return pipeline.execute(started.load());
    } finally {
      release(started);
    }
  }

  /**
   * Releases a started load's tenant lock, its permit and its place in flight, each whatever the
   * others do.
   */
  private void release(Started started) {
    releaseAll(
        "load " + started.load().loadId(),
        () -> running.remove(started.load()),
        started.lock()::unlock,
        permits::release,
        inFlight::arriveAndDeregister);
  }

  /** Runs every release; one that throws is logged and never skips the ones after it. */
  private static void releaseAll(String of, Runnable... releases) {
    for (Runnable release : releases) {
      try {
        release.run();
      } catch (RuntimeException | Error e) {
        log.error("{}: a release failed; the others still run", of, e);
      }
    }
  }

  private boolean tryPermit(Duration wait) {
    try {
      return permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The source's resource names, which {@code POST /loads} may ask for. */
  public List<String> resourceNames() {
    return pipeline.resourceNames();
  }

  public boolean isAccepting() {
    return accepting;
  }

  @Override
  public void start() {
    accepting = true;
  }

  /**
   * Takes no new loads, waits up to the grace period for the running ones to end, then aborts the
   * rest and waits for them to end.
   */
  @Override
  public void stop() {
    accepting = false;
    int phase = inFlight.arrive();
    if (awaitLoads(phase, shutdownGrace)) {
      return;
    }
    log.warn("{} load(s) still running after the grace period; aborting them", running.size());
    running.forEach(PreparedLoad::cancel);
    if (!awaitLoads(phase, ABORT_WAIT)) {
      log.warn("{} aborted load(s) still running after {}", running.size(), ABORT_WAIT);
    }
  }

  /** True when every load in flight at {@code phase} has ended within {@code wait}. */
  private boolean awaitLoads(int phase, Duration wait) {
    try {
      inFlight.awaitAdvanceInterruptibly(phase, wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean isRunning() {
    return accepting;
  }

  @Override
  public int getPhase() {
    // Stop before the web server and the datasource go away.
    return SmartLifecycle.DEFAULT_PHASE - 100;
  }

  /** This replica runs as many loads as it may; the caller should retry later. */
  public static class TooManyLoadsException extends RuntimeException {
    public TooManyLoadsException() {
      super("this replica is running its maximum number of loads; retry later");
    }
  }

  /** The service is shutting down and takes no new loads. */
  public static class ShuttingDownException extends RuntimeException {
    public ShuttingDownException() {
      super("the service is shutting down and takes no new loads");
    }
  }
}
