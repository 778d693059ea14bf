package io.flowloader.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowloader.pipeline.LoadOptions;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import io.flowloader.schedule.LoadLauncher;
import io.flowloader.support.TestDatabase;
import io.flowloader.tenant.TenantRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The loads that go beyond dlt are reported: a source definition whose records hold an integer
 * beyond int64, a string {@code NaN} into a double column and a U+0000, loaded once; then {@code
 * GET /loads/{id}} lists each (table, column, kind), the log has one line each and the Prometheus
 * scrape has {@code flowloader_normalize_warnings_total{tenant,table,kind}}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"management.server.port=0", "flowloader.api.tokens=warn-token"})
@ExtendWith(OutputCaptureExtension.class)
class NormalizeWarningsIntegrationTests {

  static final String RECORDS =
      "[{\"id\":1,\"big\":18446744073709551616,\"ratio\":0.5,\"text\":\"a\\u0000b\"},"
          + "{\"id\":2,\"ratio\":\"NaN\"}]";

  static HttpServer api;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    TestDatabase.register(registry);
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/things",
        exchange -> {
          byte[] bytes = RECORDS.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    api.start();
    Path yaml = Files.createTempFile("warnings", ".yaml");
    yaml.toFile().deleteOnExit();
    Files.writeString(
        yaml,
        """
        client:
          base_url: "{tenant.base_url}/"
        resources:
          - name: warn_things
            endpoint: {path: things, data_selector: "$"}
        """);
    registry.add("flowloader.source-definition", () -> "file:" + yaml.toAbsolutePath());
    String p = "flowloader.tenants[0].";
    registry.add(p + "name", () -> "warned");
    registry.add(p + "tenant-id", () -> "00000000-0000-0000-0000-000000000002");
    registry.add(p + "api-key", () -> "warn-key");
    registry.add(p + "base-url", () -> "http://127.0.0.1:" + api.getAddress().getPort());
    registry.add(p + "dataset", () -> "warned_things");
  }

  @AfterAll
  static void stop() {
    api.stop(0);
  }

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired LoadLauncher launcher;
  @Autowired TenantRegistry tenants;

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void warningsAreReportedPerTableColumnAndKind(CapturedOutput output) throws Exception {
    LoadPackage load =
        launcher.runNow(
            tenants.find("warned").orElseThrow(), Trigger.MANUAL, LoadOptions.defaults());
    assertThat(load.status()).as("%s", load.error()).isEqualTo(PackageStatus.LOADED);

    JsonNode report =
        JsonMapper.shared()
            .readTree(get("http://127.0.0.1:" + port + "/loads/" + load.loadId(), "warn-token"));
    List<String> found = new ArrayList<>();
    for (JsonNode w : report.get("warnings")) {
      found.add(
          w.get("table").asString()
              + "."
              + w.get("column").asString()
              + ":"
              + w.get("kind").asString()
              + "="
              + w.get("count").asLong());
    }
    assertThat(found)
        .containsExactlyInAnyOrder(
            "warn_things.big:HUGE_INTEGER=1",
            "warn_things.ratio:NON_FINITE_DOUBLE=1",
            "warn_things.text:INVALID_CHARACTER_REPLACED=1");

    assertThat(output.getOut().lines().filter(l -> l.contains("of tenant warned: ")))
        .anyMatch(l -> l.contains("HUGE_INTEGER in table warn_things column big: 1 time(s)"))
        .anyMatch(l -> l.contains("NON_FINITE_DOUBLE in table warn_things column ratio"))
        .anyMatch(l -> l.contains("INVALID_CHARACTER_REPLACED in table warn_things column text"));

    String scrape = get("http://127.0.0.1:" + managementPort + "/actuator/prometheus", null);
    assertThat(scrape.lines().filter(l -> l.startsWith("flowloader_normalize_warnings_total")))
        .anyMatch(
            l ->
                l.contains("kind=\"HUGE_INTEGER\"")
                    && l.contains("table=\"warn_things\"")
                    && l.contains("tenant=\"warned\"")
                    && l.endsWith(" 1.0"));
  }

  private String get(String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }
}
