package io.flowloader.pipeline;

import io.flowloader.extract.ExtractOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * What every load uses: the source definition and the HTTP behaviour of extraction.
 *
 * @param sourceDefinition the source definition YAML ({@code classpath:} or {@code file:})
 * @param sourceOverrides further YAML documents layered over it (add or override resources)
 * @param maxLoadDuration a load still running after this long is stopped and fails with a message
 *     naming this setting (its staging dropped, dataset and cursors unchanged)
 * @param onResourceFailure {@code isolate}: a failing resource (terminal HTTP status, retries
 *     exhausted, rejected record, a statement the database rejects on its tables) is left out and
 *     the others commit; {@code fail-load}: it fails the load. A 401 (the tenant's key) and a lost
 *     database connection always fail the load.
 */
@ConfigurationProperties("flowloader")
public record PipelineProperties(
    @DefaultValue("classpath:sources/boomi-flow.yaml") Resource sourceDefinition,
    @DefaultValue List<Resource> sourceOverrides,
    @DefaultValue Http http,
    @DefaultValue("6h") Duration maxLoadDuration,
    @DefaultValue("isolate") OnResourceFailure onResourceFailure) {

  /** What a load does when one of its resources fails. */
  public enum OnResourceFailure {
    /** The others commit; the load ends {@code partial}, listing the failed resources. */
    ISOLATE,
    /** The whole load fails. */
    FAIL_LOAD
  }

  /**
   * HTTP settings of extraction ({@code flowloader.http.*}). A setting left out takes its default
   * from {@link ExtractOptions#defaults()}, the one place the defaults live (see docs/operations.md
   * for their values).
   *
   * @param requestsPerSecond client-side rate limit per API key, shared by all loads using it
   * @param maxRetries retries after the first attempt of one request
   * @param retryBudget total time one resource may spend waiting to retry
   * @param fanOutConcurrency parent→child requests in flight at once
   * @param requestTimeout total time one request may take, body included (the read timeout bounds
   *     each wait only, so a body trickling in could otherwise hold a load without end)
   */
  public record Http(
      Duration connectTimeout,
      Duration readTimeout,
      Integer maxRetries,
      Duration retryBudget,
      Duration initialBackoff,
      Duration maxBackoff,
      Double requestsPerSecond,
      Integer fanOutConcurrency,
      Duration requestTimeout) {

    public Http {
      ExtractOptions d = ExtractOptions.defaults();
      connectTimeout = Objects.requireNonNullElse(connectTimeout, d.connectTimeout());
      readTimeout = Objects.requireNonNullElse(readTimeout, d.readTimeout());
      maxRetries = Objects.requireNonNullElse(maxRetries, d.maxRetries());
      retryBudget = Objects.requireNonNullElse(retryBudget, d.retryBudget());
      initialBackoff = Objects.requireNonNullElse(initialBackoff, d.initialBackoff());
      maxBackoff = Objects.requireNonNullElse(maxBackoff, d.maxBackoff());
      requestsPerSecond = Objects.requireNonNullElse(requestsPerSecond, d.requestsPerSecond());
      fanOutConcurrency = Objects.requireNonNullElse(fanOutConcurrency, d.fanOutConcurrency());
      requestTimeout = Objects.requireNonNullElse(requestTimeout, d.requestTimeout());
    }

    /** The options one extraction runs with: these settings over the defaults. */
    public ExtractOptions toOptions() {
      return new ExtractOptions(
          connectTimeout,
          readTimeout,
          maxRetries,
          retryBudget,
          initialBackoff,
          maxBackoff,
          requestsPerSecond,
          fanOutConcurrency,
          ExtractOptions.defaults().spillThresholdBytes(),
          requestTimeout);
    }
  }
}
