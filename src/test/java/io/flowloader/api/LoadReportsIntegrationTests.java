package io.flowloader.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.pkg.JobStatus;
import io.flowloader.pkg.LoadJob;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadPackageRepository;
import io.flowloader.pkg.LoadPackages;
import io.flowloader.pkg.LoadSummaries;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import io.flowloader.support.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /loads} and {@code GET /loads/{id}} read {@link io.flowloader.pkg.LoadSummary} rows;
 * their answers must be what the report of the whole aggregate ({@link LoadInfo#of(LoadPackage)},
 * the API's earlier read) serializes to, byte for byte.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"management.server.port=0", "flowloader.api.tokens=report-token"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadReportsIntegrationTests {

  /**
   * jsonb reorders keys, spaces the text and escapes control characters in lower-case hex (Jackson
   * in upper case); strings with quotes, backslashes and non-ASCII; integers and literals.
   */
  static final String ODD_CHANGES =
      "[{\"kind\":\"NEW_TABLE\",\"table\":\"flows\",\"parent\":null,\"column\":null},"
          + "{\"table\":\"a \\\"q\\\" \\\\ b\",\"kind\":\"NEW_COLUMN\",\"column\":\"x\\u001fy\\n\\t\","
          + "\"type\":\"text\",\"note\":\"Zürich, : {} [] 💡 1.5e3\"},"
          + "{\"n\":[1,-20,0],\"ok\":true,\"no\":false,\"nested\":{\"b\":{},\"a\":[]}}]";

  /**
   * jsonb keeps {@code 2.50}, which Jackson writes as the double {@code 2.5}; -0.0 it stores as
   * 0.0.
   */
  static final String FRACTIONS = "[{\"n\":[2.50,1e3,-0.0,1E-7]}]";

  static final String CHANGES =
      "[{\"kind\":\"NEW_TABLE\",\"table\":\"users\",\"parent\":null,\"column\":null,\"type\":null,"
          + "\"disposition\":null},{\"kind\":\"NEW_COLUMN\",\"table\":\"users\",\"parent\":null,"
          + "\"column\":\"email\",\"type\":\"text\",\"disposition\":null}]";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
  }

  @LocalServerPort int port;
  @Autowired LoadPackages packages;
  @Autowired LoadPackageRepository repository;
  @Autowired LoadSummaries summaries;
  @Autowired JsonMapper json;

  final HttpClient http = HttpClient.newHttpClient();
  final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  final String acme = "reports-acme-" + suffix;
  final String globex = "reports-globex-" + suffix;
  List<LoadPackage> created;

  @BeforeAll
  void createPackages() {
    LoadPackage loaded =
        packages.markLoaded(
            staged(
                packages.open(acme, "acme_data", Trigger.SCHEDULE, List.of("flows", "users")),
                ODD_CHANGES,
                job("users", 7),
                job("flows__tags", 0),
                job("flows", 12),
                job("Zeta", 1),
                job("ärger", 2)));
    LoadPackage failed =
        packages.markFailed(
            staged(packages.open(acme, "acme_data", Trigger.MANUAL, List.of("users")), CHANGES),
            "column \"email\" is of type integer\nbut expression is of type text");
    LoadPackage withoutJobs =
        packages.markAborted(
            packages.open(acme, "acme_data", Trigger.SCHEDULE, List.of("flows")), "interrupted");
    LoadPackage emptyChanges =
        packages.markLoaded(
            staged(
                packages.open(globex, "globex_data", Trigger.SCHEDULE, List.of("flows")),
                "[]",
                job("flows", 3)));
    LoadPackage stagedWithoutChanges =
        staged(
            packages.open(globex, "globex_data", Trigger.MANUAL, List.of("flows")),
            null,
            job("flows", 5),
            new LoadJob("flows__tags", 9, JobStatus.STAGED, null));
    LoadPackage running =
        packages.open(globex, "globex_data", Trigger.MANUAL, List.of("flows", "users"));
    LoadPackage fractions =
        packages.markLoaded(
            staged(
                packages.open(globex, "globex_data", Trigger.SCHEDULE, List.of("flows")),
                FRACTIONS,
                job("flows", 1)));
    created =
        List.of(
            loaded, failed, withoutJobs, emptyChanges, stagedWithoutChanges, running, fractions);
  }

  private LoadPackage staged(LoadPackage pkg, String changes, LoadJob... jobs) {
    return packages.markStaged(pkg, List.of(jobs), changes, "{\"name\":\"boomi_flow\"}", "[]");
  }

  private static LoadJob job(String table, long rows) {
    return new LoadJob(table, rows, JobStatus.STAGED, null);
  }

  @Test
  void eachPackageReadsAsItsAggregateDid() throws Exception {
    for (LoadPackage pkg : created) {
      HttpResponse<String> response = get("/loads/" + pkg.loadId());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(json.writeValueAsString(aggregateReport(pkg)));
    }
  }

  @Test
  void theReportsShowWhatTheAggregateHolds() throws Exception {
    LoadPackage loaded = created.get(0);
    String body = get("/loads/" + loaded.loadId()).body();
    assertThat(body)
        .contains(
            "\"tables\":[{\"table\":\"Zeta\",\"rows\":1,\"status\":\"loaded\",\"error\":null},"
                + "{\"table\":\"flows\",")
        .contains("\"table\":\"ärger\"")
        .contains("\"rows\":22,")
        .contains("\"trigger\":\"schedule\",\"status\":\"loaded\"")
        .contains("x\\u001Fy\\n\\t")
        .contains("Zürich, : {} [] 💡 1.5e3", "{\"n\":[1,-20,0],\"no\":false,\"ok\":true")
        .doesNotContain("\"error\":\"");
    String running = get("/loads/" + created.get(5).loadId()).body();
    assertThat(running)
        .contains("\"status\":\"extracting\"", "\"rows\":0,\"tables\":[]")
        .doesNotContain("finishedAt", "durationSeconds", "stagedAt", "schemaChanges");
    assertThat(get("/loads/" + created.get(3).loadId()).body()).contains("\"schemaChanges\":[]");
    assertThat(get("/loads/" + created.get(6).loadId()).body())
        .contains("\"schemaChanges\":[{\"n\":[2.5,1000,0.0,1.0E-7]}]");
    assertThat(get("/loads/" + created.get(1).loadId()).body())
        .contains("\"error\":\"column \\\"email\\\" is of type integer\\nbut");
  }

  @Test
  void lastSuccessIsTheNewestLoadedPackagesFinish() {
    for (String tenant : List.of(acme, globex)) {
      Instant expected = aggregates(tenant, PackageStatus.LOADED, 1).get(0).finishedAt();
      assertThat(summaries.lastSuccess(tenant)).contains(expected);
    }
    assertThat(summaries.lastSuccess("reports-none-" + suffix)).isEmpty();
  }

  @Test
  void anUnknownLoadIdIs404() throws Exception {
    assertThat(get("/loads/" + suffix).statusCode()).isEqualTo(404);
  }

  @Test
  void theListReadsAsTheAggregatesDid() throws Exception {
    assertList("?tenant=" + acme, () -> aggregates(acme, null, 50));
    assertList("?tenant=" + globex + "&limit=2", () -> aggregates(globex, null, 2));
    assertList(
        "?tenant=" + acme + "&status=failed", () -> aggregates(acme, PackageStatus.FAILED, 50));
    assertList(
        "?tenant=" + globex + "&status=STAGED", () -> aggregates(globex, PackageStatus.STAGED, 50));
    assertList("?tenant=" + suffix, () -> aggregates(suffix, null, 50));
    assertList("?status=aborted&limit=1000", () -> aggregates(null, PackageStatus.ABORTED, 1000));
    assertList("?limit=1000", () -> aggregates(null, null, 1000));
    assertList("", () -> aggregates(null, null, 50));
    assertThat(json.readTree(get("/loads?tenant=" + acme).body()).findValuesAsString("loadId"))
        .containsExactly(created.get(2).loadId(), created.get(1).loadId(), created.get(0).loadId());
  }

  @Test
  void badListParametersAre400() throws Exception {
    assertThat(get("/loads?limit=0").statusCode()).isEqualTo(400);
    assertThat(get("/loads?status=done").statusCode()).isEqualTo(400);
  }

  /**
   * Other tests' contexts may write packages meanwhile: the list is compared with an aggregate read
   * that came out the same just before and just after it.
   */
  private void assertList(String query, Supplier<List<LoadPackage>> aggregates) throws Exception {
    for (int attempt = 1; ; attempt++) {
      String before = report(aggregates.get());
      HttpResponse<String> response = get("/loads" + query);
      String after = report(aggregates.get());
      if (before.equals(after) || attempt == 5) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).as(query).isEqualTo(after);
        return;
      }
    }
  }

  /**
   * The aggregates {@code GET /loads} reports on, read the pipeline's way (whole packages) and
   * filtered, ordered and limited here.
   */
  private List<LoadPackage> aggregates(String tenant, PackageStatus status, int limit) {
    List<LoadPackage> all = tenant == null ? repository.findAll() : packages.history(tenant);
    return all.stream()
        .filter(p -> status == null || p.status() == status)
        .sorted(Comparator.comparing(LoadPackage::id).reversed())
        .limit(limit)
        .toList();
  }

  private String report(List<LoadPackage> aggregates) {
    return json.writeValueAsString(aggregates.stream().map(LoadInfo::of).toList());
  }

  private LoadInfo aggregateReport(LoadPackage pkg) {
    return LoadInfo.of(packages.findByLoadId(pkg.loadId()).orElseThrow());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer report-token")
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
