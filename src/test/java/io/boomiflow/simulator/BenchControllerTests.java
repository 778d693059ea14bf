package io.boomiflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The bench endpoint's page cache ({@link BenchController}): a cached response is the first
 * response, byte for byte, and an uncached render; the cache stays within its limit; and the pages
 * are the ones the endpoint served before it had a cache.
 */
class BenchControllerTests {

  /** One request: n, page (null = parameter absent) and from (null = parameter absent). */
  private record Request(long n, Integer page, String from) {}

  private static final List<Request> REQUESTS =
      List.of(
          new Request(2_500, 1, null),
          new Request(2_500, null, null), // page absent: page 1
          new Request(2_500, 1, ""), // blank from: no filter
          new Request(2_500, 2, null),
          new Request(2_500, 3, null), // last page: no Link
          new Request(100_000, 57, "2024-01-01T00:10:00+00:00"), // from URL-encoded into the Link
          new Request(100_000, 57, "2024-01-01T00:10:00Z"), // same records, another Link
          new Request(100_000, 1, "2024-01-02T03:46:39Z"), // the last record only
          new Request(0, 1, null));

  private static MockHttpServletResponse get(BenchController controller, Request r)
      throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    controller.records(r.n(), r.page() == null ? 1 : r.page(), r.from(), response);
    return response;
  }

  private static void assertSame(MockHttpServletResponse actual, MockHttpServletResponse expected) {
    assertThat(actual.getStatus()).isEqualTo(expected.getStatus()).isEqualTo(200);
    assertThat(actual.getContentAsByteArray()).isEqualTo(expected.getContentAsByteArray());
    assertThat(actual.getHeader("Link")).isEqualTo(expected.getHeader("Link"));
    assertThat(actual.getContentType()).isEqualTo(expected.getContentType());
    assertThat(actual.getContentLength()).isEqualTo(expected.getContentAsByteArray().length);
  }

  @Test
  void aCachedResponseIsTheFirstResponseAndAnUncachedRender() throws Exception {
    BenchController cached = new BenchController(1L << 30);
    BenchController uncached = new BenchController(0);
    for (Request r : REQUESTS) {
      MockHttpServletResponse first = get(cached, r);
      MockHttpServletResponse second = get(cached, r);
      MockHttpServletResponse rendered = get(uncached, r);
      assertSame(second, first);
      assertSame(second, rendered);
      assertSame(get(uncached, r), rendered); // rendering itself is deterministic
    }
    // page absent, page=1 and blank from are one page; every other request is a page of its own
    assertThat(cached.cachedPages()).isEqualTo(REQUESTS.size() - 2);
    assertThat(uncached.cachedPages()).isZero();
    assertThat(get(cached, REQUESTS.get(0)).getHeader("Link"))
        .isEqualTo("</__sim/bench/records?n=2500&page=2>; rel=\"next\"");
    assertThat(get(cached, REQUESTS.get(5)).getHeader("Link"))
        .isEqualTo(
            "</__sim/bench/records?n=100000&page=58&from=2024-01-01T00%3A10%3A00%2B00%3A00>;"
                + " rel=\"next\"");
  }

  @Test
  void theCacheStopsAtItsLimitAndAnswersTheSameBeyondIt() throws Exception {
    int pageBytes = BenchController.render(2_500, 1, null).body().length;
    // room for page 1 and a half page, not for two full pages (page 2's numbers are longer)
    BenchController small = new BenchController(2L * pageBytes - 1_000);
    BenchController uncached = new BenchController(0);
    for (int page = 1; page <= 3; page++) {
      Request r = new Request(2_500, page, null);
      MockHttpServletResponse first = get(small, r);
      assertSame(get(small, r), first);
      assertSame(first, get(uncached, r));
    }
    // page 1 fits; page 2 (another 1,000 records) would pass the limit; page 3 (500) still fits
    assertThat(small.cachedPages()).isEqualTo(2);
  }

  /**
   * SHA-256 of responses of the simulator before pages were cached (commit b5d1a39), fetched over
   * HTTP twice: the records and their bytes did not change.
   */
  @Test
  void pagesOverHttpAreTheOnesServedBeforeTheCache() throws Exception {
    SimClient client = new SimClient(SharedSimulator.get().baseUrl());
    String[][] expected = {
      {"n=2500&page=1", "5325e2c9530cffc5c30a4c604aa0ba3e5765820119fc363b8fb2abf9da05bda1"},
      {"n=2500&from=", "5325e2c9530cffc5c30a4c604aa0ba3e5765820119fc363b8fb2abf9da05bda1"},
      {"n=2500&page=3", "ecfd5734d1d4262e1708b866e5dda01a925744ec316aad48f72108ad64224a3a"},
      {
        "n=100000&page=57&from=2024-01-01T00%3A10%3A00%2B00%3A00",
        "08017137f09a6c60ab19c5a69036d479eefdef0ad455db3e52bd2394875dbd63"
      },
      {"n=100000&page=100", "45cfc869babbddb9b242955651be04d674617f7abeedea0d18d1b96dda4f781d"},
      {"n=0", "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"},
    };
    for (String[] e : expected) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(client.baseUrl + "/__sim/bench/records?" + e[0]))
              .build();
      HttpResponse<byte[]> first =
          client.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> second =
          client.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(
              HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(first.body())))
          .as(e[0])
          .isEqualTo(e[1]);
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(second.headers().firstValue("Link")).isEqualTo(first.headers().firstValue("Link"));
      assertThat(first.headers().firstValue("Content-Type"))
          .contains("application/json;charset=utf-8");
    }
  }
}
