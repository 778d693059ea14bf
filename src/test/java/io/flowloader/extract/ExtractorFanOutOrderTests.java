package io.flowloader.extract;

import static io.flowloader.extract.FakeApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowloader.normalize.Column;
import io.flowloader.normalize.LoadId;
import io.flowloader.normalize.Normalizer;
import io.flowloader.normalize.Schema;
import io.flowloader.source.SourceDefinition;
import io.flowloader.source.SourceDefinitionLoader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Parent→child fan-out runs concurrently but delivers exactly as dlt's sequential run: in parent
 * order, whatever order the responses arrive in.
 */
class ExtractorFanOutOrderTests {

  final FakeApi api = new FakeApi();
  final CollectingSink sink = new CollectingSink();

  @AfterEach
  void stop() {
    api.close();
  }

  static final String GRAPH =
      """
        - name: flows
          selected: false
          endpoint: draw/1/flow
        - name: graph
          endpoint:
            path: "draw/1/graph/flow/{resources.flows.id}"
            data_selector: items
            paginator:
              type: page_number
              base_page: 1
              total_path: _meta.total
              total_kind: items
      """;

  static SourceDefinition source() {
    return SourceDefinitionLoader.load(
        ExtractorHttpTests.CLIENT + "resources:\n" + GRAPH, "fan-out");
  }

  void run(ExtractOptions options) {
    ExtractorHttpTests.extract(api, source(), Set.of(), Map.of(), options, sink);
  }

  static String flows(String... ids) {
    StringBuilder b = new StringBuilder("[");
    for (String id : ids) {
      b.append(b.length() == 1 ? "" : ",").append("{\"id\":\"").append(id).append("\"}");
    }
    return b.append(']').toString();
  }

  /** Page {@code page} of two; each record carries a field named after its parent. */
  static MockResponse childPage(String parent, int page) {
    return json(
        "{\"_meta\":{\"total\":4},\"items\":[{\"id\":\""
            + parent
            + page
            + "a\",\"only_"
            + parent
            + "\":1},{\"id\":\""
            + parent
            + page
            + "b\",\"only_"
            + parent
            + "\":2}]}");
  }

  static int page(String target) {
    return target.contains("page=2") ? 2 : 1;
  }

  @Test
  void childRecordsArriveInParentOrderWhateverTheResponseTiming() {
    // Parent a answers slowly, b and c at once: today's fan-out delivers b and c before a.
    api.route =
        r -> {
          String t = r.getTarget();
          if (t.equals("/api/draw/1/flow")) {
            return json(flows("a", "b", "c"));
          }
          String parent = t.substring("/api/draw/1/graph/flow/".length(), t.indexOf('?'));
          MockResponse page = childPage(parent, page(t));
          return parent.equals("a")
              ? page.newBuilder().headersDelay(400, TimeUnit.MILLISECONDS).build()
              : page;
        };
    run(ExtractorHttpTests.FAST);

    assertThat(sink.of("graph"))
        .extracting(r -> r.get("id").asString())
        .containsExactly(
            "a1a", "a1b", "a2a", "a2b", "b1a", "b1b", "b2a", "b2b", "c1a", "c1b", "c2a", "c2b");
    assertThat(sink.completed).containsEntry("graph", 12L);
    List<String> targets = api.log.stream().map(FakeApi.Logged::target).toList();
    assertThat(targets.indexOf("/api/draw/1/graph/flow/b?page=1"))
        .as("b is fetched while a is still slow")
        .isLessThan(targets.indexOf("/api/draw/1/graph/flow/a?page=2"));

    // Through the normalizer, the child table's columns are in the sequential (dlt) order.
    Normalizer normalizer = new Normalizer(Schema.empty("boomi_flow"), LoadId.next(), Map.of());
    for (JsonNode record : sink.of("graph")) {
      normalizer.normalize("graph", record, row -> {});
    }
    assertThat(normalizer.schema().table("graph").columns())
        .extracting(Column::name)
        .filteredOn(c -> !c.startsWith("_dlt_"))
        .containsExactly("id", "only_a", "only_b", "only_c");
  }

  @Test
  void atMostTheWindowOfParentsIsInFlightOrBuffered() {
    // Concurrency 2: while parent a is slow, b may be fetched and buffered, but c..e must wait
    // until a was delivered.
    AtomicInteger seenWhileHeadSlow = new AtomicInteger(-1);
    api.route =
        r -> {
          String t = r.getTarget();
          if (t.equals("/api/draw/1/flow")) {
            return json(flows("a", "b", "c", "d", "e"));
          }
          String parent = t.substring("/api/draw/1/graph/flow/".length(), t.indexOf('?'));
          if (parent.equals("a") && page(t) == 2) {
            try {
              Thread.sleep(400);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            seenWhileHeadSlow.set(
                (int) api.log.stream().filter(l -> l.target().contains("/graph/")).count());
          }
          return childPage(parent, page(t));
        };
    run(
        new ExtractOptions(
            ExtractorHttpTests.FAST.connectTimeout(),
            ExtractorHttpTests.FAST.readTimeout(),
            ExtractorHttpTests.FAST.maxRetries(),
            ExtractorHttpTests.FAST.retryBudget(),
            ExtractorHttpTests.FAST.initialBackoff(),
            ExtractorHttpTests.FAST.maxBackoff(),
            ExtractorHttpTests.FAST.requestsPerSecond(),
            2,
            ExtractorHttpTests.FAST.spillThresholdBytes()));

    // a's two pages and b's two pages, nothing of c, d or e.
    assertThat(seenWhileHeadSlow.get()).isEqualTo(4);
    assertThat(sink.of("graph"))
        .extracting(r -> r.get("id").asString().substring(0, 1))
        .containsExactly(
            "a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c", "c", "d", "d", "d", "d", "e",
            "e", "e", "e");
  }

  @Test
  void theFirstFailureInParentOrderWins() {
    // a fails late, b fails at once: a sequential run reports a, and so does the fan-out.
    api.route =
        r -> {
          String t = r.getTarget();
          if (t.equals("/api/draw/1/flow")) {
            return json(flows("a", "b", "c"));
          }
          if (t.contains("/flow/a")) {
            return json(404, "\"gone a\"")
                .newBuilder()
                .headersDelay(300, TimeUnit.MILLISECONDS)
                .build();
          }
          if (t.contains("/flow/b")) {
            return json(404, "\"gone b\"");
          }
          return childPage("c", page(t));
        };
    assertThatThrownBy(() -> run(ExtractorHttpTests.FAST))
        .isInstanceOf(ExtractException.class)
        .hasMessageContaining("/flow/a");
    assertThat(sink.of("graph")).isEmpty();
  }

  @Test
  void anInterruptStopsTheWorkers() throws Exception {
    java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
    api.route =
        r -> {
          String t = r.getTarget();
          if (t.equals("/api/draw/1/flow")) {
            return json(flows("a", "b", "c"));
          }
          try {
            answer.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return childPage("x", page(t));
        };
    List<Throwable> thrown = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread load =
        new Thread(
            () -> {
              try {
                run(ExtractorHttpTests.FAST);
              } catch (Throwable e) {
                thrown.add(e);
              }
            });
    load.start();
    try {
      while (api.log.stream().noneMatch(l -> l.target().contains("/graph/"))) {
        Thread.sleep(10);
      }
      long start = System.nanoTime();
      load.interrupt();
      load.join(2_000);
      assertThat(load.isAlive()).isFalse();
      // Uninterrupted, the load would wait 10 s for the first child page.
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
      assertThat(thrown).singleElement().isInstanceOf(ExtractException.class);
      assertThat(thrown.get(0).getMessage()).contains("interrupted");
    } finally {
      answer.countDown();
    }
  }
}
