package io.flowloader.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The standard Micrometer meters that the dashboard and the alerts use appear in a real {@code
 * /actuator/prometheus} scrape of the service. The service's own {@code flowloader_*} meters are
 * checked by {@link ServiceMetricsLiveScrapeIT} once the service exports them.
 */
// Closed after the class: a cached context would hold its connection pool for the whole run.
@DirtiesContext
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "spring.datasource.hikari.maximum-pool-size=3",
      "flowloader.api.tokens=live-scrape-token"
    })
class LiveScrapeMetricsIT {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
  }

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;

  @Test
  void micrometerMetricsOfTheDashboardAppearInALiveScrape() throws Exception {
    // Meters that only exist once something happened: one HTTP request, one GC.
    HttpClient http = HttpClient.newHttpClient();
    http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
        HttpResponse.BodyHandlers.discarding());
    System.gc();

    Set<String> scraped = scrape(http, managementPort);
    assertThat(scraped).containsAll(MetricsContract.sections().get(MetricsContract.MICROMETER));
  }

  /** Names of the samples in a Prometheus text exposition from the management port. */
  static Set<String> scrape(HttpClient http, int managementPort) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Set<String> names = new TreeSet<>();
    response
        .body()
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .forEach(names::add);
    return names;
  }
}
