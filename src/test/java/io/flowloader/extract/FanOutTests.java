package io.flowloader.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/** The ordered, bounded fan-out on its own: order, memory bound, failures, cancellation. */
class FanOutTests {

  private static final SimpleAsyncTaskExecutor EXECUTOR = new SimpleAsyncTaskExecutor("fan-out-");

  private static Page page() {
    return new Page(null, 0, null, Map.of(), false);
  }

  @Test
  void deliversInItemOrderWithABoundedNumberOfPagesAhead() throws InterruptedException {
    List<Integer> items = IntStream.range(0, 12).boxed().toList();
    List<String> delivered = new ArrayList<>();
    Map<Integer, AtomicInteger> buffered = new ConcurrentHashMap<>();
    AtomicInteger mostBuffered = new AtomicInteger();
    List<Integer> finished = new ArrayList<>();
    new FanOut(EXECUTOR)
        .run(
            items,
            3,
            (item, lane) -> {
              AtomicInteger mine = buffered.computeIfAbsent(item, k -> new AtomicInteger());
              for (int p = 0; p < 12; p++) {
                int pageNo = p;
                mostBuffered.accumulateAndGet(mine.incrementAndGet(), Math::max);
                try {
                  lane.put(
                      page(),
                      () -> {
                        mine.decrementAndGet();
                        delivered.add(item + "/" + pageNo);
                      });
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              }
              return () -> finished.add(item);
            });
    List<String> expected = new ArrayList<>();
    for (int item : items) {
      for (int p = 0; p < 12; p++) {
        expected.add(item + "/" + p);
      }
    }
    assertThat(delivered).isEqualTo(expected);
    assertThat(finished).isEqualTo(items);
    // Unbounded, a parent would hold all its 12 pages; bounded: PAGES_AHEAD waiting, plus the one
    // being delivered and the one its task is handing over.
    assertThat(mostBuffered.get()).isLessThanOrEqualTo(FanOut.PAGES_AHEAD + 2);
  }

  @Test
  void aFailureSurfacesAfterTheItemsBeforeItAndCancelsTheRest() {
    List<Integer> delivered = new ArrayList<>();
    AtomicInteger started = new AtomicInteger();
    assertThatThrownBy(
            () ->
                new FanOut(EXECUTOR)
                    .run(
                        IntStream.range(0, 20).boxed().toList(),
                        4,
                        (item, lane) -> {
                          started.incrementAndGet();
                          if (item == 5) {
                            throw new ExtractException("item 5 failed", 500);
                          }
                          try {
                            lane.put(page(), () -> delivered.add(item));
                          } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                          }
                          return null;
                        }))
        .isInstanceOf(ExtractException.class)
        .hasMessage("item 5 failed");
    assertThat(delivered).containsExactly(0, 1, 2, 3, 4);
    // Items start only as the window moves: none beyond item 5 + 3 began.
    assertThat(started.get()).isLessThanOrEqualTo(9);
  }
}
