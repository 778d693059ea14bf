package io.flowloader.extract;

import static io.flowloader.extract.FakeApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stop rules of every paginator type, loop detection and the max-pages cap, over real HTTP. */
class PaginatorTests {

  final FakeApi api = new FakeApi();
  final CollectingSink sink = new CollectingSink();

  @AfterEach
  void stop() {
    api.close();
  }

  void run(String resource) {
    new Extractor(ExtractorHttpTests.source(resource), new RateLimiters())
        .extract(
            new ExtractRequest(
                "acme",
                "t",
                Secret.of("k"),
                api.baseUrl(),
                Set.of(),
                Map.of(),
                ExtractorHttpTests.FAST),
            sink);
  }

  List<String> targets() {
    return api.log.stream().map(FakeApi.Logged::target).toList();
  }

  static String items(int n) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append('}');
    }
    return b.append(']').toString();
  }

  @Test
  void singlePageMakesOneRequest() {
    api.enqueue(json(items(3)));
    run("  - name: r\n    endpoint: r\n");
    assertThat(targets()).containsExactly("/api/r");
    assertThat(sink.of("r")).hasSize(3);
  }

  @Test
  void pageNumberStopsOnEmptyPage() {
    api.enqueue(json(items(2)), json(items(2)), json(items(0)));
    run(
        """
          - name: r
            endpoint:
              path: r
              paginator: {type: page_number}
        """);
    assertThat(targets()).containsExactly("/api/r?page=0", "/api/r?page=1", "/api/r?page=2");
    assertThat(sink.of("r")).hasSize(4);
  }

  @Test
  void pageNumberStopsAtTotalPagesAndMaximumPage() {
    api.route = r -> json("{\"pages\":3,\"data\":" + items(1) + "}");
    run(
        """
          - name: r
            endpoint:
              path: r
              data_selector: data
              paginator: {type: page_number, base_page: 1, total_path: pages}
        """);
    assertThat(targets()).containsExactly("/api/r?page=1", "/api/r?page=2", "/api/r?page=3");
    api.log.clear();
    run(
        """
          - name: r
            endpoint:
              path: r
              data_selector: data
              paginator: {type: page_number, base_page: 1, maximum_page: 2, stop_after_empty_page: false}
        """);
    assertThat(targets()).containsExactly("/api/r?page=1", "/api/r?page=2");
  }

  @Test
  void pageNumberWithItemTotalSurvivesAServerThatReturnsFewerThanAsked() {
    // pageSize=5 asked, the server caps at 2: the item total, not the page size, decides.
    api.route = r -> json("{\"_meta\":{\"total\":5},\"items\":" + items(2) + "}");
    run(
        """
          - name: r
            endpoint:
              path: r
              params: {pageSize: 5}
              data_selector: items
              paginator: {type: page_number, base_page: 1, total_path: _meta.total, total_kind: items}
        """);
    assertThat(api.log).hasSize(3);
  }

  @Test
  void aMissingTotalIsAnErrorNotASilentStop() {
    api.enqueue(json("{\"items\":" + items(2) + "}"));
    assertThatThrownBy(
            () ->
                run(
                    """
                      - name: r
                        endpoint:
                          path: r
                          data_selector: items
                          paginator: {type: page_number, total_path: _meta.total}
                    """))
        .isInstanceOf(ExtractException.class)
        .hasMessageContaining("total_path '_meta.total' is not in the response");
  }

  @Test
  void offsetStopsAtTotalAndOnEmptyPage() {
    api.route = r -> json("{\"total\":5,\"items\":" + items(2) + "}");
    run(
        """
          - name: r
            endpoint:
              path: r
              data_selector: items
              paginator: {type: offset, limit: 2, total_path: total}
        """);
    assertThat(targets())
        .containsExactly(
            "/api/r?offset=0&limit=2", "/api/r?limit=2&offset=2", "/api/r?limit=2&offset=4");
    api.log.clear();
    api.route = r -> json("{\"items\":[]}");
    api.enqueue(json("{\"items\":" + items(2) + "}"));
    run(
        """
          - name: r
            endpoint:
              path: r
              data_selector: items
              paginator: {type: offset, limit: 2, maximum_offset: 100}
        """);
    assertThat(api.log).hasSize(2);
  }

  @Test
  void jsonLinkFollowsUntilNullAndDetectsLoops() {
    api.enqueue(
        json("{\"next\":\"/api/r?p=2\",\"items\":" + items(1) + "}"),
        json("{\"next\":null,\"items\":" + items(1) + "}"));
    String resource =
        """
          - name: r
            endpoint:
              path: r
              data_selector: items
              paginator: {type: json_link, next_url_path: next}
        """;
    run(resource);
    assertThat(targets()).containsExactly("/api/r", "/api/r?p=2");

    api.log.clear();
    api.route = r -> json("{\"next\":\"/api/r?p=2\",\"items\":" + items(1) + "}");
    assertThatThrownBy(() -> run(resource))
        .isInstanceOf(ExtractException.class)
        .hasMessageContaining("paginator loop");
    assertThat(api.log).hasSize(2);
  }

  @Test
  void headerLinkFollowsRelNext() {
    api.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Link", "</api/r?page=2>; rel=\"next\", </api/r?page=9>; rel=\"last\"")
            .body(items(1))
            .build(),
        json(items(1)));
    run(
        """
          - name: r
            endpoint:
              path: r
              paginator: header_link
        """);
    assertThat(targets()).containsExactly("/api/r", "/api/r?page=2");
  }

  @Test
  void cursorInQueryAndBodyWithLoopDetection() {
    api.enqueue(
        json("{\"cursor\":\"c1\",\"items\":" + items(1) + "}"),
        json("{\"cursor\":\"c2\",\"items\":" + items(1) + "}"),
        json("{\"cursor\":\"\",\"items\":" + items(1) + "}"));
    run(
        """
          - name: r
            endpoint:
              path: r
              data_selector: items
              paginator: {type: cursor, cursor_path: cursor, cursor_param: after}
        """);
    assertThat(targets()).containsExactly("/api/r", "/api/r?after=c1", "/api/r?after=c2");

    api.log.clear();
    api.enqueue(
        json("{\"cursor\":\"c1\",\"items\":" + items(1) + "}"),
        json("{\"cursor\":null,\"items\":" + items(1) + "}"));
    run(
        """
          - name: r
            endpoint:
              path: r
              method: POST
              json: {query: {size: 1}}
              data_selector: items
              paginator: {type: cursor, cursor_path: cursor, cursor_body_path: query.after}
        """);
    assertThat(api.log.get(1).request().getBody().utf8())
        .isEqualTo("{\"query\":{\"size\":1,\"after\":\"c1\"}}");

    api.log.clear();
    api.route = r -> json("{\"cursor\":\"same\",\"items\":" + items(1) + "}");
    assertThatThrownBy(
            () ->
                run(
                    """
                      - name: r
                        endpoint:
                          path: r
                          data_selector: items
                          paginator: {type: cursor, cursor_path: cursor}
                    """))
        .hasMessageContaining("paginator loop");
  }

  @Test
  void maxPagesCapFails() {
    api.route = r -> json(items(1));
    assertThatThrownBy(
            () ->
                run(
                    """
                      - name: r
                        endpoint:
                          path: r
                          paginator: {type: page_number, max_pages: 3}
                    """))
        .isInstanceOf(ExtractException.class)
        .hasMessageContaining("more than max_pages=3");
    assertThat(api.log).hasSize(3);
  }
}
