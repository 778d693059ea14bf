package io.flowloader.extract;

import io.flowloader.source.ResourceDefinition;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.springframework.core.task.AsyncTaskExecutor;

/**
 * Walks the pages of one request sequence with the resource's paginator and hands each complete
 * page, in order, to a {@link PageConsumer}. While a page is consumed (normalized and staged), the
 * next one is already fetched on the executor: its request is known as soon as the current page is
 * complete (paginators read only the page's headers and envelope). At most one page is fetched
 * ahead, and loop detection, {@code max_pages} and paginator errors are raised after the page
 * before them was consumed, as without prefetching.
 */
final class PageWalker {

  /**
   * One request sequence.
   *
   * @param resource the resource whose pages these are
   * @param first the first request, as the {@link RequestBuilder} built it
   * @param preFilter drops records outside the cursor's bounds while parsing, or null
   * @param budget the resource's retry budget
   */
  record Walk(
      ResourceDefinition resource,
      RequestSpec first,
      CursorFilter preFilter,
      RetryPolicy.Budget budget) {}

  /** Takes a page and owns it from then on (closes it when done). */
  @FunctionalInterface
  interface PageConsumer {
    void accept(Page page) throws InterruptedException;
  }

  private final HttpFetcher fetcher;
  private final AsyncTaskExecutor executor;

  PageWalker(HttpFetcher fetcher, AsyncTaskExecutor executor) {
    this.fetcher = fetcher;
    this.executor = executor;
  }

  /** Fetches every page of {@code walk} and hands it to {@code consumer}, in order. */
  void walk(Walk walk, PageConsumer consumer) {
    ResourceDefinition resource = walk.resource();
    Paginators.Walker paginator = Paginators.create(resource.endpoint().paginator());
    int maxPages = resource.endpoint().paginator().maxPages();
    Set<String> seen = new HashSet<>();
    RequestSpec current = paginator.first(walk.first());
    ExtractException refused = refuse(resource, current, seen, maxPages);
    if (refused != null) {
      throw refused;
    }
    Page page = fetcher.fetch(resource, current, walk.budget(), walk.preFilter());
    Ahead ahead = null;
    try {
      while (page != null) {
        RequestSpec next = null;
        ExtractException stop = null;
        try {
          next = paginator.next(current, page);
        } catch (IllegalStateException e) {
          stop = fetcher.failure(resource, current, "stopped: " + e.getMessage(), null);
        }
        if (next != null) {
          stop = refuse(resource, next, seen, maxPages);
          if (stop == null) {
            ahead = new Ahead(walk, next);
          }
        }
        Page p = page;
        page = null;
        try {
          consumer.accept(p);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw fetcher.failure(resource, current, "was interrupted", null);
        }
        if (stop != null) {
          throw stop;
        }
        current = next;
        if (ahead != null) {
          page = ahead.await();
          ahead = null;
        }
      }
    } finally {
      if (page != null) {
        page.close();
      }
      if (ahead != null) {
        ahead.abandon();
      }
    }
  }

  /** Why {@code request} must not be sent (a loop, or one page too many), or null. */
  private ExtractException refuse(
      ResourceDefinition resource, RequestSpec request, Set<String> seen, int maxPages) {
    if (!seen.add(request.identity())) {
      return fetcher.failure(
          resource,
          request,
          "stopped: paginator loop, the same request was about to be sent twice",
          null);
    }
    if (seen.size() > maxPages) {
      return fetcher.failure(
          resource,
          request,
          "stopped: more than max_pages=" + maxPages + " pages; raise max_pages if intended",
          null);
    }
    return null;
  }

  /**
   * A page being fetched ahead on the executor. Whoever gives up on it ({@link #abandon}) closes
   * the page, also when it arrives later, so a spilled page never leaves its temporary file behind.
   */
  private final class Ahead {
    private final Walk walk;
    private final RequestSpec request;
    private final Future<Page> future;
    private Page page;
    private boolean abandoned;

    Ahead(Walk walk, RequestSpec request) {
      this.walk = walk;
      this.request = request;
      this.future =
          executor.submit(
              () ->
                  offer(fetcher.fetch(walk.resource(), request, walk.budget(), walk.preFilter())));
    }

    private synchronized Page offer(Page fetched) {
      if (abandoned) {
        fetched.close();
        return null;
      }
      page = fetched;
      return fetched;
    }

    /** The fetched page; rethrows the fetch's failure. */
    Page await() {
      try {
        Page fetched = future.get();
        synchronized (this) {
          page = null; // the caller owns it now
        }
        return fetched;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        abandon();
        Thread.currentThread().interrupt();
        throw fetcher.failure(walk.resource(), request, "was interrupted", null);
      }
    }

    void abandon() {
      future.cancel(true);
      synchronized (this) {
        abandoned = true;
        if (page != null) {
          page.close();
          page = null;
        }
      }
    }
  }
}
