package io.flowloader.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads started and read through the HTTP API as a user does ({@code POST /loads}, {@code GET
 * /loads/{id}}, token {@value #TOKEN}), and the dataset's rows as the database holds them.
 */
abstract class ApiLoads {

  static final String TOKEN = "isolation-token";
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> LINEAGE =
      List.of("_dlt_id", "_dlt_load_id", "_dlt_parent_id", "_dlt_root_id");

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;
  @Autowired JdbcTemplate jdbc;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  long count(String sql) {
    return jdbc.queryForObject(sql, Long.class);
  }

  double failingLoads(String tenant, String resource) {
    var gauge =
        meters
            .find("flowloader.resource.failing.loads")
            .tag("tenant", tenant)
            .tag("resource", resource)
            .gauge();
    return gauge == null ? 0 : gauge.value();
  }

  String start(String tenant, String resources) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> r =
          send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/loads"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"tenant\":\"" + tenant + "\",\"resources\":" + resources + "}")));
      if (r.statusCode() == 202) {
        return JSON.readTree(r.body()).path("loadId").asString();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no load started: " + r.statusCode() + " " + r.body());
      }
      Thread.sleep(500);
    }
  }

  JsonNode awaitFinal(String loadId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode report =
          JSON.readTree(
              send(HttpRequest.newBuilder(
                          URI.create("http://localhost:" + port + "/loads/" + loadId))
                      .GET())
                  .body());
      String s = report.path("status").asString();
      if (s.equals("loaded") || s.equals("partial") || s.equals("failed") || s.equals("aborted")) {
        return report;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("load " + loadId + " did not finish");
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The dataset's rows per table, without lineage columns (random ids, load ids), sorted. */
  Map<String, List<String>> rows(String dataset) {
    Map<String, List<String>> out = new TreeMap<>();
    String without = LINEAGE.stream().map(c -> " - '" + c + "'").collect(Collectors.joining());
    for (String table :
        jdbc.queryForList(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_name NOT LIKE '\\_dlt\\_%'",
            String.class, dataset)) {
      List<String> r =
          new ArrayList<>(
              jdbc.queryForList(
                  "SELECT (to_jsonb(t)"
                      + without
                      + ")::text FROM \""
                      + dataset
                      + "\".\""
                      + table
                      + "\" t",
                  String.class));
      r.sort(null);
      out.put(table, r);
    }
    return out;
  }
}
