package io.flowloader.extract;

import java.time.Duration;

/**
 * What one HTTP attempt came to: a complete page, or a failure that may be retried. Terminal
 * failures are not outcomes: they are thrown as {@link ExtractException}.
 */
sealed interface AttemptOutcome {

  /** A complete page (possibly an ignored one), owned by the caller. */
  record Fetched(Page page) implements AttemptOutcome {}

  /**
   * A failure worth another attempt.
   *
   * @param reason short label for metrics ({@code 429}, {@code 5xx}, {@code io}, …)
   * @param retryAfter the server's {@code Retry-After}, or null for the backoff
   * @param detail redacted description for the final error message
   * @param status the HTTP status, or null when there was none
   */
  record Retryable(String reason, Duration retryAfter, String detail, Integer status)
      implements AttemptOutcome {}
}
