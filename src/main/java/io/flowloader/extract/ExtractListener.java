package io.flowloader.extract;

import java.time.Duration;

/**
 * Extraction events for metrics (the pipeline maps them to Micrometer). Calls come from extract
 * threads, possibly concurrently; implementations must be thread-safe and fast. Nothing passed here
 * contains a secret.
 */
public interface ExtractListener {

  /** A page of {@code records} records (before incremental filtering) was fetched completely. */
  default void pageFetched(String resource, int records) {}

  /** A request is retried after {@code delay}; reason is {@code 429}, {@code 5xx}, {@code io}, … */
  default void retried(String resource, String reason, Duration delay) {}

  /** A request waited {@code waited} for the client-side rate limiter. */
  default void rateLimitWaited(String resource, Duration waited) {}
}
