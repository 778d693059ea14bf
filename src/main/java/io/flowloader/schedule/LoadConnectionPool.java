package io.flowloader.schedule;

import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sizes the database connection pool from the load permits. A running load holds up to {@link
 * #PER_LOAD} connections at once (its tenant lock's session and two staging senders), and the API,
 * probes and the scheduler's slot claims need a few more ({@link #SPARE}). Loads that wait for a
 * connection longer than Hikari's connection timeout fail as "database unavailable", so without
 * {@code spring.datasource.hikari.maximum-pool-size} the pool gets {@code PER_LOAD ×
 * flowloader.max-concurrent-loads + SPARE}, and a configured pool below that is kept but warned
 * about at start-up (a one-shot run of one tenant, say, needs fewer).
 *
 * <p>Runs after the configuration files are read, so it sees the permits wherever they are set.
 */
public class LoadConnectionPool implements EnvironmentPostProcessor, Ordered {

  static final String POOL_SIZE = "spring.datasource.hikari.maximum-pool-size";
  static final String PERMITS = "flowloader.max-concurrent-loads";
  static final int PER_LOAD = 3;
  static final int SPARE = 4;

  private final Log log;

  public LoadConnectionPool(DeferredLogFactory logs) {
    this.log = logs.getLog(LoadConnectionPool.class);
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication app) {
    Binder binder = Binder.get(env);
    int permits =
        binder
            .bind(PERMITS, Integer.class)
            .orElse(Integer.parseInt(ScheduleProperties.DEFAULT_PERMITS));
    int needed = needed(permits);
    Integer configured = binder.bind(POOL_SIZE, Integer.class).orElse(null);
    if (configured == null) {
      env.getPropertySources()
          .addLast(
              new MapPropertySource("flowloaderLoadConnectionPool", Map.of(POOL_SIZE, needed)));
    } else if (configured < needed) {
      log.warn(
          POOL_SIZE
              + "="
              + configured
              + " is below the "
              + needed
              + " connections that "
              + PERMITS
              + "="
              + permits
              + " can hold at once; loads may fail waiting for a connection. Leave it unset to"
              + " size the pool from the permits (docs/operations.md, \"Capacity\").");
    }
  }

  static int needed(int permits) {
    return PER_LOAD * Math.max(permits, 1) + SPARE;
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
