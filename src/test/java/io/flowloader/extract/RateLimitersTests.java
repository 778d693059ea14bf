package io.flowloader.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RateLimitersTests {

  @Test
  void aWaiterInterruptedWhileHoldingTheGrantHandsItBack() throws Exception {
    RateLimiters.Bucket bucket = new RateLimiters().forKey(Secret.of("key"), 0.5);
    bucket.sent(); // no pending grant yet: nothing happens
    long first = bucket.acquire();
    bucket.sent(); // the next token is ~2 s away
    bucket.release(first);

    AtomicReference<Throwable> ended = new AtomicReference<>();
    Thread cancelled =
        new Thread(
            () -> {
              try {
                bucket.acquire(); // holds the pending grant while it waits for the token
              } catch (Throwable e) {
                ended.set(e);
              }
            });
    cancelled.start();
    Thread.sleep(300);
    cancelled.interrupt();
    cancelled.join();
    assertThat(ended.get()).isInstanceOf(InterruptedException.class);

    // Without the hand-back this waits out the 30 s pending bound; with it, the next token.
    long next = assertTimeoutPreemptively(Duration.ofSeconds(20), bucket::acquire);
    assertThat(next).isGreaterThan(first);
  }
}
