package io.flowloader.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer that logs when each request arrived (server side) and answers from a queue, then
 * from a routing function.
 */
final class FakeApi implements AutoCloseable {

  record Logged(long nanos, RecordedRequest request) {
    String target() {
      return request.getTarget();
    }

    String header(String name) {
      return request.getHeaders().get(name);
    }
  }

  final List<Logged> log = new CopyOnWriteArrayList<>();
  final Queue<MockResponse> queue = new ConcurrentLinkedQueue<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  volatile Function<RecordedRequest, MockResponse> route =
      r -> new MockResponse.Builder().code(404).body("\"no route\"").build();
  volatile long delayMillis;
  private final MockWebServer server = new MockWebServer();

  FakeApi() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            log.add(new Logged(System.nanoTime(), request));
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
              if (delayMillis > 0) {
                Thread.sleep(delayMillis);
              }
              MockResponse next = queue.poll();
              return next != null ? next : route.apply(request);
            } finally {
              inFlight.decrementAndGet();
            }
          }
        });
    try {
      server.start(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getPort();
  }

  FakeApi enqueue(MockResponse... responses) {
    queue.addAll(List.of(responses));
    return this;
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse json(String body) {
    return json(200, body);
  }

  long millisBetween(int first, int second) {
    return (log.get(second).nanos() - log.get(first).nanos()) / 1_000_000;
  }

  @Override
  public void close() {
    server.close();
  }
}
