package io.flowloader.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.support.TestDatabase;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** The tenant load lock's bounded wait, against a real PostgreSQL. */
class TenantLocksIntegrationTests {

  private static ThreadPoolTaskScheduler heartbeats;
  private static TenantLocks locks;

  @BeforeAll
  static void start() {
    heartbeats = new ThreadPoolTaskScheduler();
    heartbeats.initialize();
    locks = new TenantLocks(TestDatabase.get().dataSource(), heartbeats);
  }

  @AfterAll
  static void stop() {
    heartbeats.shutdown();
  }

  @Test
  void aWaitingCallerGetsTheLockWhenItsHolderReleasesIt() throws Exception {
    TenantLocks.LoadLock held = locks.tryLoadLock("wait-release").orElseThrow();
    assertThat(locks.tryLoadLock("wait-release")).isEmpty();
    CompletableFuture<Optional<TenantLocks.LoadLock>> waiting =
        CompletableFuture.supplyAsync(
            () -> locks.tryLoadLock("wait-release", Duration.ofSeconds(30)));
    Thread.sleep(200);
    assertThat(waiting).isNotDone();
    held.close();
    try (TenantLocks.LoadLock taken = waiting.get().orElseThrow()) {
      assertThat(locks.tryLoadLock("wait-release")).isEmpty();
    }
  }

  @Test
  void aWaitEndsEmptyWhileTheHolderKeepsTheLock() {
    try (TenantLocks.LoadLock held = locks.tryLoadLock("wait-held").orElseThrow()) {
      assertThat(locks.tryLoadLock("wait-held", Duration.ofMillis(300))).isEmpty();
    }
    // the waiting session's lock_timeout was reset: it waits for nothing now
    try (TenantLocks.LoadLock again = locks.tryLoadLock("wait-held").orElseThrow()) {
      assertThat(again).isNotNull();
    }
  }
}
