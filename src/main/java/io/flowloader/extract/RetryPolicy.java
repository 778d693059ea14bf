package io.flowloader.extract;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether and how long to wait before retrying a {@link AttemptOutcome.Retryable}: exactly
 * the server's {@code Retry-After} when it sent one, otherwise exponential backoff with jitter;
 * bounded by the retry count and by the resource's retry budget (the total time one resource may
 * spend waiting to retry, shared by its parallel requests).
 */
final class RetryPolicy {

  /** The next step after a retryable attempt. */
  sealed interface Decision {}

  /** Wait {@code delay}, then try again. */
  record Wait(Duration delay) implements Decision {}

  /** Stop: {@code why} completes the error message. */
  record GiveUp(String why) implements Decision {}

  /** Retry wait already spent by one resource (all its requests together). */
  static final class Budget {
    private final AtomicLong usedNanos = new AtomicLong();
  }

  private final ExtractOptions options;

  RetryPolicy(ExtractOptions options) {
    this.options = options;
  }

  /** The decision after {@code outcome} was retry number {@code retries} (1 for the first). */
  Decision next(AttemptOutcome.Retryable outcome, int retries, Budget budget) {
    if (retries > options.maxRetries()) {
      return new GiveUp(
          "failed after "
              + retries
              + " attempts ("
              + options.maxRetries()
              + " retries); last error: "
              + outcome.detail());
    }
    Duration delay = outcome.retryAfter() != null ? outcome.retryAfter() : backoff(retries);
    long used = budget.usedNanos.get();
    if (used + delay.toNanos() > options.retryBudget().toNanos()) {
      return new GiveUp(
          "gave up: the retry budget of "
              + options.retryBudget()
              + " per resource is exhausted (already waited "
              + Duration.ofNanos(used).withNanos(0)
              + ", next wait "
              + delay
              + "); last error: "
              + outcome.detail());
    }
    budget.usedNanos.addAndGet(delay.toNanos());
    return new Wait(delay);
  }

  /** Exponential backoff for retry number {@code retry}, capped, with jitter in [50%, 100%]. */
  Duration backoff(int retry) {
    double base = options.initialBackoff().toMillis() * Math.pow(2, retry - 1);
    double capped = Math.min(base, options.maxBackoff().toMillis());
    double jittered = capped * (0.5 + ThreadLocalRandom.current().nextDouble() * 0.5);
    return Duration.ofMillis(Math.max(1, Math.round(jittered)));
  }
}
