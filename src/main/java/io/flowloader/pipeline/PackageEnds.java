package io.flowloader.pipeline;

import io.flowloader.load.Loader;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.PackageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * Records how a load that did not commit ended (staging dropped, package {@code failed} or {@code
 * aborted} with its cause), also when the database is down at that moment: the end is then kept in
 * memory and written by a retry every {@link #RETRY_EVERY} once the database answers again, and
 * before the tenant's next load applies its resume rules (which would otherwise take the package
 * for one interrupted by a crash).
 */
public class PackageEnds implements AutoCloseable {

  static final Duration RETRY_EVERY = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(PackageEnds.class);

  private record Pending(LoadPackage pkg, boolean aborted, String reason) {}

  private final Loader loader;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> retry;

  public PackageEnds(Loader loader, TaskScheduler scheduler) {
    this.loader = loader;
    this.retry =
        scheduler.scheduleWithFixedDelay(
            this::writePending, Instant.now().plus(RETRY_EVERY), RETRY_EVERY);
  }

  /**
   * Ends the package; returns it as stored, or (database down) as it will be stored once the
   * database answers again.
   */
  LoadPackage end(LoadPackage pkg, boolean aborted, String reason) {
    try {
      return loader.endWithoutCommit(pkg, aborted, reason);
    } catch (RuntimeException e) {
      pending.put(pkg.loadId(), new Pending(pkg, aborted, reason));
      log.warn(
          "load {} of tenant {}: cannot record its end now ({}); kept in memory, retried every {} s",
          pkg.loadId(),
          pkg.tenant(),
          Failures.describe(e),
          RETRY_EVERY.toSeconds());
      return pkg.withStatus(
          aborted ? PackageStatus.ABORTED : PackageStatus.FAILED, reason, Instant.now());
    }
  }

  /** Packages whose end is still waiting for the database. */
  public int pendingCount() {
    return pending.size();
  }

  /** Writes every end still waiting; what still fails stays for the next attempt. */
  synchronized void writePending() {
    for (Pending p : pending.values()) {
      try {
        loader.endWithoutCommit(p.pkg(), p.aborted(), p.reason());
        pending.remove(p.pkg().loadId(), p);
        log.info(
            "load {} of tenant {}: recorded as {} now that the database answers: {}",
            p.pkg().loadId(),
            p.pkg().tenant(),
            p.aborted() ? "aborted" : "failed",
            p.reason());
      } catch (RuntimeException e) {
        log.debug("load {}: its end still cannot be recorded", p.pkg().loadId(), e);
      }
    }
  }

  @Override
  public void close() {
    retry.cancel(false);
    if (!pending.isEmpty()) {
      writePending();
    }
    pending
        .values()
        .forEach(
            p ->
                log.error(
                    "load {} of tenant {} ended ({}) but the database never answered to record it;"
                        + " the next load aborts it as interrupted",
                    p.pkg().loadId(),
                    p.pkg().tenant(),
                    p.reason()));
  }
}
