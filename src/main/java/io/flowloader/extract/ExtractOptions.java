package io.flowloader.extract;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * HTTP and concurrency settings of one extraction.
 *
 * @param connectTimeout TCP connect timeout
 * @param readTimeout longest wait for response headers and between body reads
 * @param maxRetries retries after the first attempt of one request (408, 429, 5xx, I/O, truncated
 *     bodies, {@code retry} response actions); {@code 5} lets five consecutive 500s be followed by
 *     the successful sixth attempt
 * @param retryBudget total time one resource may spend waiting to retry; a wait that would exceed
 *     it fails the resource at once
 * @param initialBackoff first backoff; doubles per retry, with jitter in [50%, 100%]
 * @param maxBackoff cap of one backoff without {@code Retry-After}
 * @param requestsPerSecond client-side rate limit per API key, shared by every load using the key
 * @param fanOutConcurrency parent→child requests in flight at once
 * @param spillThresholdBytes body bytes of one page held in memory before its records spill to a
 *     temporary file
 * @param requestTimeout total time one request may take, body included, on top of the read timeout
 *     (which bounds each wait): a body trickling in slowly fails its request after this
 */
public record ExtractOptions(
    Duration connectTimeout,
    Duration readTimeout,
    int maxRetries,
    Duration retryBudget,
    Duration initialBackoff,
    Duration maxBackoff,
    double requestsPerSecond,
    int fanOutConcurrency,
    long spillThresholdBytes,
    Duration requestTimeout) {

  /** The default total time per request. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);

  /** With the default total time per request. */
  public ExtractOptions(
      Duration connectTimeout,
      Duration readTimeout,
      int maxRetries,
      Duration retryBudget,
      Duration initialBackoff,
      Duration maxBackoff,
      double requestsPerSecond,
      int fanOutConcurrency,
      long spillThresholdBytes) {
    this(
        connectTimeout,
        readTimeout,
        maxRetries,
        retryBudget,
        initialBackoff,
        maxBackoff,
        requestsPerSecond,
        fanOutConcurrency,
        spillThresholdBytes,
        DEFAULT_REQUEST_TIMEOUT);
  }

  /** The defaults: 10 s connect, 60 s read, 5 retries, 10 min budget, 5 req/s, 4 in flight. */
  public static ExtractOptions defaults() {
    return new ExtractOptions(
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        5,
        Duration.ofMinutes(10),
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        5.0,
        4,
        1L << 20);
  }

  /** A copy with another rate limit. */
  public ExtractOptions withRequestsPerSecond(double rate) {
    return copy(c -> c.requestsPerSecond = rate);
  }

  /** A copy with other retry settings. */
  public ExtractOptions withRetries(
      int maxRetries, Duration retryBudget, Duration initialBackoff, Duration maxBackoff) {
    return copy(
        c -> {
          c.maxRetries = maxRetries;
          c.retryBudget = retryBudget;
          c.initialBackoff = initialBackoff;
          c.maxBackoff = maxBackoff;
        });
  }

  /** A copy with another total time per request. */
  public ExtractOptions withRequestTimeout(Duration total) {
    return copy(c -> c.requestTimeout = total);
  }

  /** A copy with other timeouts. */
  public ExtractOptions withTimeouts(Duration connect, Duration read) {
    return copy(
        c -> {
          c.connectTimeout = connect;
          c.readTimeout = read;
        });
  }

  private ExtractOptions copy(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return new ExtractOptions(
        c.connectTimeout,
        c.readTimeout,
        c.maxRetries,
        c.retryBudget,
        c.initialBackoff,
        c.maxBackoff,
        c.requestsPerSecond,
        c.fanOutConcurrency,
        c.spillThresholdBytes,
        c.requestTimeout);
  }

  /** The settings while a copy is changed. */
  private static final class Copy {
    Duration connectTimeout;
    Duration readTimeout;
    int maxRetries;
    Duration retryBudget;
    Duration initialBackoff;
    Duration maxBackoff;
    double requestsPerSecond;
    int fanOutConcurrency;
    long spillThresholdBytes;
    Duration requestTimeout;

    Copy(ExtractOptions o) {
      connectTimeout = o.connectTimeout;
      readTimeout = o.readTimeout;
      maxRetries = o.maxRetries;
      retryBudget = o.retryBudget;
      initialBackoff = o.initialBackoff;
      maxBackoff = o.maxBackoff;
      requestsPerSecond = o.requestsPerSecond;
      fanOutConcurrency = o.fanOutConcurrency;
      spillThresholdBytes = o.spillThresholdBytes;
      requestTimeout = o.requestTimeout;
    }
  }
}
