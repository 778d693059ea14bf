package io.flowloader.extract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Client-side rate limiters, one per API key, shared by every load that uses the key (keep one
 * instance per process, e.g. a Spring bean). Keys are held as SHA-256 digests, never in clear.
 *
 * <p>Each limiter is a token bucket with a capacity of one token: requests are spaced at least
 * {@code 1/rate} apart, so no window of any length ever sees more than the configured rate (a
 * larger burst would let a one-second window exceed it).
 */
public final class RateLimiters {

  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** The limiter for {@code apiKey}, created at {@code requestsPerSecond} or updated to it. */
  public Bucket forKey(Secret apiKey, double requestsPerSecond) {
    Bucket bucket = buckets.computeIfAbsent(digest(apiKey), k -> new Bucket(requestsPerSecond));
    bucket.setRate(requestsPerSecond);
    return bucket;
  }

  private static String digest(Secret key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(key.reveal().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token bucket of capacity one: a pacing limiter. Thread-safe. */
  public static final class Bucket {
    private long intervalNanos;
    private long nextFreeNanos = System.nanoTime();

    Bucket(double rate) {
      setRate(rate);
    }

    synchronized void setRate(double rate) {
      if (rate <= 0) {
        throw new IllegalArgumentException("requestsPerSecond must be positive");
      }
      intervalNanos = (long) Math.ceil(1_000_000_000d / rate);
    }

    /** Waits for a token; returns how long it waited. */
    public Duration acquire() throws InterruptedException {
      long waitNanos;
      synchronized (this) {
        long now = System.nanoTime();
        long slot = Math.max(now, nextFreeNanos);
        nextFreeNanos = slot + intervalNanos;
        waitNanos = slot - now;
      }
      if (waitNanos > 0) {
        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      }
      return Duration.ofNanos(waitNanos);
    }
  }
}
