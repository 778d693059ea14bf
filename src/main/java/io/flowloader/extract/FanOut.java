package io.flowloader.extract;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import org.springframework.core.task.AsyncTaskExecutor;

/**
 * Parent → child fan-out: one task per parent, up to {@code concurrency} in flight on the executor,
 * yet delivered exactly as a sequential run would: parent 1's pages (in page order), then parent
 * 2's, and so on, on the calling thread. Parents run in a sliding window: the head's pages are
 * delivered as they arrive; a parent behind it buffers at most {@link #PAGES_AHEAD} complete pages
 * (then its task waits), and the next parent starts once the head is delivered completely. A
 * failure surfaces when its parent reaches the head, after the pages of the parents before it.
 */
final class FanOut {

  /** Complete pages a parent behind the head may hold (each bounded by the spill threshold). */
  static final int PAGES_AHEAD = 4;

  /** The work for one parent: hands its pages to the lane, returns what to run after them. */
  @FunctionalInterface
  interface Task<T> {
    /** Returns an action to run once all its pages were delivered, or null. */
    Runnable run(T item, Lane lane);
  }

  private final AsyncTaskExecutor executor;

  FanOut(AsyncTaskExecutor executor) {
    this.executor = executor;
  }

  /** Runs {@code task} for every item, delivering in item order; blocks until all are done. */
  <T> void run(List<T> items, int concurrency, Task<T> task) throws InterruptedException {
    int width = Math.max(1, Math.min(concurrency, items.size()));
    ArrayDeque<Lane> window = new ArrayDeque<>();
    try {
      int started = 0;
      while (started < items.size() || !window.isEmpty()) {
        while (started < items.size() && window.size() < width) {
          T item = items.get(started++);
          Lane lane = new Lane();
          window.addLast(lane);
          lane.future = executor.submit(() -> lane.work(task, item));
        }
        window.peekFirst().drain();
        window.removeFirst();
      }
    } finally {
      for (Lane lane : window) {
        lane.discard();
      }
    }
  }

  /**
   * One parent's place in the window: the pages its task fetched, each with the action that
   * delivers it, then the end of the task (its finishing action or failure).
   */
  static final class Lane {
    private sealed interface Entry {}

    private record PageEntry(Page page, Runnable deliver) implements Entry {}

    private record End(Runnable finish, Throwable failure) implements Entry {}

    private final BlockingQueue<Entry> entries = new LinkedBlockingQueue<>();
    private final Semaphore room = new Semaphore(PAGES_AHEAD);
    private volatile boolean discarded;
    private Future<?> future;

    private Lane() {}

    /** Task side: hands over {@code page} (now owned by the lane) and its delivery. */
    void put(Page page, Runnable deliver) throws InterruptedException {
      try {
        room.acquire();
      } catch (InterruptedException e) {
        page.close();
        throw e;
      }
      if (discarded) {
        page.close();
        throw new InterruptedException("fan-out cancelled");
      }
      entries.add(new PageEntry(page, deliver));
      if (discarded) {
        closeBuffered(); // discard() may have run between the check and the add
      }
    }

    private <T> void work(Task<T> task, T item) {
      try {
        entries.add(new End(task.run(item, this), null));
      } catch (Throwable e) {
        entries.add(new End(null, e));
      }
    }

    /**
     * Delivering side: runs every page's delivery in order until the task ended, then its finish,
     * or rethrows its failure.
     */
    void drain() throws InterruptedException {
      while (true) {
        Entry entry = entries.take();
        if (entry instanceof End end) {
          if (end.failure() instanceof RuntimeException re) {
            throw re;
          }
          if (end.failure() instanceof Error err) {
            throw err;
          }
          if (end.failure() instanceof InterruptedException ie) {
            throw ie; // the lane was cancelled: its parent did not complete
          }
          if (end.failure() != null) {
            throw new IllegalStateException(end.failure().getMessage(), end.failure());
          }
          if (end.finish() != null) {
            end.finish().run();
          }
          return;
        }
        PageEntry next = (PageEntry) entry;
        room.release();
        try (Page p = next.page()) {
          next.deliver().run();
        }
      }
    }

    /** Cancels the task and closes what it buffered (also pages it hands over later). */
    void discard() {
      discarded = true;
      if (future != null) {
        future.cancel(true);
      }
      room.release(PAGES_AHEAD); // a task waiting for room sees the discard
      closeBuffered();
    }

    private void closeBuffered() {
      for (Entry e = entries.poll(); e != null; e = entries.poll()) {
        if (e instanceof PageEntry p) {
          p.page().close();
        }
      }
    }
  }
}
