package io.flowloader.extract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Client-side rate limiters, one per API key, shared by every load that uses the key (keep one
 * instance per process, e.g. a Spring bean). Keys are held as SHA-256 digests, never in clear.
 *
 * <p>Each limiter is a token bucket with a capacity of one token: requests are spaced at least
 * {@code 1/rate} apart, so no window of any length ever sees more than the configured rate (a
 * larger burst would let a one-second window exceed it). The spacing carries a 5% margin so that
 * jitter between client and server does not make the server see requests closer than the rate.
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

  /**
   * A token bucket of capacity one: a pacing limiter, thread-safe. Spacing is measured between the
   * moments requests are actually written to the network ({@link #sent()}), not between grants: a
   * granted request that is slow to leave (connection set-up) holds back the next grant, so queued
   * requests cannot bunch up on the wire.
   */
  public static final class Bucket {
    private static final long MAX_PENDING_NANOS = 30_000_000_000L;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long intervalNanos;
    private long nextFreeNanos = System.nanoTime();
    private long pendingPermit;
    private long pendingSince;
    private long permits;

    Bucket(double rate) {
      setRate(rate);
    }

    void setRate(double rate) {
      if (rate <= 0) {
        throw new IllegalArgumentException("requestsPerSecond must be positive");
      }
      lock.lock();
      try {
        // 5% below the rate, so network jitter never lets the server observe more than the rate.
        intervalNanos = (long) Math.ceil(1_050_000_000d / rate);
      } finally {
        lock.unlock();
      }
    }

    /** Waits for a token; returns the permit, to be {@link #release released} after the attempt. */
    public long acquire() throws InterruptedException {
      lock.lockInterruptibly();
      try {
        // The previous grant has not left yet (or gave up): wait for it, at most 30 s.
        long left;
        while (pendingPermit != 0
            && (left = MAX_PENDING_NANOS - (System.nanoTime() - pendingSince)) > 0) {
          changed.awaitNanos(left);
        }
        long permit = ++permits;
        pendingPermit = permit;
        pendingSince = System.nanoTime();
        long wait;
        try {
          while ((wait = nextFreeNanos - System.nanoTime()) > 0) {
            changed.awaitNanos(wait);
          }
        } catch (InterruptedException e) {
          // Interrupted while holding the pending grant (a cancelled fan-out lane, a deadline):
          // hand it back, or every other load on this key would wait out MAX_PENDING_NANOS.
          pendingPermit = 0;
          changed.signalAll();
          throw e;
        }
        nextFreeNanos = System.nanoTime() + intervalNanos;
        return permit;
      } finally {
        lock.unlock();
      }
    }

    /** The granted request was written to the network now. */
    public void sent() {
      lock.lock();
      try {
        if (pendingPermit != 0) {
          nextFreeNanos = Math.max(nextFreeNanos, System.nanoTime() + intervalNanos);
          pendingPermit = 0;
          changed.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }

    /** The attempt with {@code permit} is over (sent or failed before sending). */
    public void release(long permit) {
      lock.lock();
      try {
        if (pendingPermit == permit) {
          pendingPermit = 0;
          changed.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
