package io.flowloader.schedule;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How loads are started.
 *
 * @param runOnce load every enabled tenant (or {@code runOnceTenants}) once, print a summary and
 *     exit 0 on success, 1 on any failure; no schedules, no HTTP API
 * @param shutdownGrace how long a stopping service lets running loads finish before aborting them
 * @param maxConcurrentLoads loads one replica runs at once; the connection pool is sized from it
 *     ({@link LoadConnectionPool})
 */
@ConfigurationProperties("flowloader")
public record ScheduleProperties(
    @DefaultValue("false") boolean runOnce,
    @DefaultValue List<String> runOnceTenants,
    @DefaultValue("45s") Duration shutdownGrace,
    @DefaultValue(ScheduleProperties.DEFAULT_PERMITS) int maxConcurrentLoads) {

  /**
   * Loads of small tenants mostly wait on the API's rate limit, not on CPU; bench/README.md,
   * "Fleet", has the measurement behind this default.
   */
  static final String DEFAULT_PERMITS = "8";
}
