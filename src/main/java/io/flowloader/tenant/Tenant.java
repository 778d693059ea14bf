package io.flowloader.tenant;

import io.flowloader.extract.Secret;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.springframework.scheduling.support.CronExpression;

/**
 * A validated tenant with its API key resolved. The key is a {@link Secret}, so logging a tenant
 * never shows it.
 *
 * @param cron the cron schedule, or null when the tenant runs on {@code fixedDelay}
 * @param fixedDelay delay between the end of one load and the start of the next, or null
 * @param initialDelay with a fixed delay, the wait before the first scheduled load after start-up
 * @param resources resources to load; empty means the source definition's selected ones
 */
public record Tenant(
    String name,
    String tenantId,
    Secret apiKey,
    String baseUrl,
    String dataset,
    CronExpression cron,
    ZoneId zone,
    Duration fixedDelay,
    Duration initialDelay,
    List<String> resources,
    boolean enabled) {

  /** The first scheduled load of a fixed-delay tenant waits this long unless configured. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);

  public Tenant {
    resources = List.copyOf(resources);
    initialDelay = initialDelay == null ? DEFAULT_INITIAL_DELAY : initialDelay;
  }

  public boolean scheduled() {
    return cron != null || fixedDelay != null;
  }

  /**
   * How a human reads the schedule ("cron 0 *&#47;15 * * * * UTC", "every PT15M", "manual only").
   */
  public String scheduleDescription() {
    if (cron != null) {
      return "cron " + cron + " " + zone;
    }
    return fixedDelay != null ? "every " + fixedDelay : "manual only";
  }
}
