package io.flowloader.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.flowloader.FlowLoaderApplication;
import io.flowloader.support.TestDatabase;
import io.flowloader.support.golden.GoldenCase;
import io.flowloader.support.golden.PostgresGolden;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every dlt golden case the way a user runs it: a source definition in dlt's YAML form (the case's
 * resource name, an endpoint serving the run's records, {@code write_disposition} and {@code
 * primary_key} copied from the case's {@code meta} — including the mapping form {@code
 * {disposition: merge, strategy: upsert}}), the real application context in one-shot mode ({@code
 * flowloader.run-once=true}) once per run, then the dataset compared with {@code expected.json} as
 * {@link GoldenLoadIntegrationTests} does.
 */
class GoldenSourceDefinitionIntegrationTests extends LoadTestSupport {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  @TempDir Path dir;

  static Stream<String> cases() {
    return GoldenCase.names().stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void everyCaseLoadsThroughItsSourceDefinition(String name) throws Exception {
    String inputText = text("/dlt-golden/" + name + "/input.json");
    JsonNode input = GoldenShapeIntegrationTests.resource("/dlt-golden/" + name + "/input.json");
    JsonNode expected =
        GoldenShapeIntegrationTests.resource("/dlt-golden/" + name + "/expected.json");
    JsonNode meta = input.get("meta");
    // Records go over HTTP byte for byte as the case holds them (huge integers, 1e400, escapes).
    List<String> runs = rawRuns(inputText);
    assertThat(runs).hasSize(input.get("runs").size());
    String dataset = expected.get("db_schema").asString() + "_yaml";
    String tenant = "golden-" + name.substring(0, 3);

    AtomicReference<String> body = new AtomicReference<>("[]");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/golden",
        exchange -> {
          byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    try {
      Path yaml = dir.resolve(name + ".yaml");
      Files.writeString(yaml, sourceDefinition(meta));
      String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
      List<String> loadIds = new ArrayList<>();
      for (int r = 0; r < runs.size(); r++) {
        JsonNode want = expected.get("runs").get(r);
        boolean mustLoad = "loaded".equals(want.get("outcome").asString());
        body.set(runs.get(r));
        List<String> before = loadIdsOf(dataset);
        int exitCode = runOnce(yaml, tenant, baseUrl, dataset, meta.get("resource").asString());
        List<String> after = loadIdsOf(dataset);
        if (mustLoad) {
          assertThat(exitCode).as(name + " run " + (r + 1) + " exit code").isZero();
          assertThat(after).hasSize(before.size() + 1);
          loadIds.add(after.get(after.size() - 1));
        } else {
          String message = want.path("message").asString("");
          boolean reject =
              message.contains("Cannot coerce") || message.contains("violates not-null");
          if (reject) {
            assertThat(exitCode).as(name + " run " + (r + 1) + " must be rejected").isOne();
            assertThat(after).isEqualTo(before);
            loadIds.add("<failed run " + (r + 1) + ">");
          } else {
            assertThat(exitCode).as(name + " run " + (r + 1) + " must load (beyond dlt)").isZero();
            assertThat(after).hasSize(before.size() + 1);
            loadIds.add(after.get(after.size() - 1));
          }
        }
        if (mustLoad && want.get("snapshot_normative").asBoolean()) {
          compare(name, r, want, dataset, loadIds);
        }
      }
    } finally {
      server.stop(0);
    }
  }

  /**
   * Cases of this project's own, through the same path. Where each expectation comes from: (1) and
   * (2) docs/dlt-compatibility.md (columns by first appearance of a stored value; a primary_key
   * hint alone creates no column); (3) dlt's schema-contracts docs ("columns: applied when a new
   * column is created on an existing table"; freeze raises, nothing loads; discard_value drops the
   * value and keeps the row); (4) dlt's column hints: a complete (typed) hint is a column of the
   * table before any data, and a json hint stops flattening there.
   */
  @org.junit.jupiter.api.Test
  void ownCasesThroughTheSourceDefinition() throws Exception {
    AtomicReference<String> body = new AtomicReference<>("[]");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/golden",
        exchange -> {
          byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    try {
      // (1) primary keys keep their place
      String ds1 = uniqueName("own_pk");
      body.set("[{\"name\":\"a\",\"id\":{\"id\":\"k1\",\"v\":1}}]");
      assertThat(run(base, ds1, "things", "primary_key: id__id\n    write_disposition: merge"))
          .isZero();
      assertThat(columnsOf(ds1, "things"))
          .containsExactly("name", "id__id", "id__v", "_dlt_load_id", "_dlt_id");

      // (2) a value stored as NULL creates no column
      String ds2 = uniqueName("own_null");
      body.set("[{\"id\":1,\"x\":1e400,\"y\":1},{\"id\":2,\"x\":2.5,\"y\":2}]");
      assertThat(run(base, ds2, "things", "write_disposition: append")).isZero();
      assertThat(columnsOf(ds2, "things"))
          .containsExactly("id", "y", "_dlt_load_id", "_dlt_id", "x");

      // (3) columns: freeze rejects a new column, discard_value drops it
      String ds3 = uniqueName("own_freeze");
      body.set("[{\"id\":1,\"a\":\"x\"}]");
      assertThat(run(base, ds3, "things", "schema_contract: {columns: freeze}")).isZero();
      body.set("[{\"id\":2,\"a\":\"y\",\"b\":true}]");
      assertThat(run(base, ds3, "things", "schema_contract: {columns: freeze}")).isOne();
      assertThat(loadIdsOf(ds3)).hasSize(1);
      assertThat(run(base, ds3, "things", "schema_contract: {columns: discard_value}")).isZero();
      assertThat(columnsOf(ds3, "things")).containsExactly("id", "a", "_dlt_load_id", "_dlt_id");
      assertThat(
              jdbc.queryForObject("SELECT count(*) FROM " + Sql.table(ds3, "things"), Long.class))
          .isEqualTo(2);

      // (4) a json hint: one jsonb column, created first
      String ds4 = uniqueName("own_json");
      body.set("[{\"id\":1,\"log\":{\"entries\":{\"k1\":{\"m\":\"a\"},\"k2\":{\"m\":\"b\"}}}}]");
      assertThat(run(base, ds4, "things", "columns:\n      log.entries: {data_type: json}"))
          .isZero();
      assertThat(columnsOf(ds4, "things"))
          .containsExactly("log__entries", "id", "_dlt_load_id", "_dlt_id");
      assertThat(
              jdbc.queryForObject(
                  "SELECT log__entries->'k2'->>'m' FROM " + Sql.table(ds4, "things"), String.class))
          .isEqualTo("b");
    } finally {
      server.stop(0);
    }
  }

  private int run(String baseUrl, String dataset, String resource, String resourceKeys)
      throws IOException {
    Path yaml = Files.createTempFile(dir, "own", ".yaml");
    Files.writeString(
        yaml,
        "client:\n  base_url: \"{tenant.base_url}/\"\nresources:\n  - name: "
            + resource
            + "\n    endpoint: {path: golden, data_selector: \"$\"}\n    "
            + resourceKeys
            + "\n");
    return runOnce(yaml, "own-" + dataset.replace('_', '-'), baseUrl, dataset, resource);
  }

  private List<String> columnsOf(String dataset, String table) {
    return jdbc.queryForList(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ?"
            + " AND table_name = ? ORDER BY ordinal_position",
        String.class,
        dataset,
        table);
  }

  /** The case's meta as a dlt source definition: one resource, everything else default. */
  static String sourceDefinition(JsonNode meta) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.putObject("client").put("base_url", "{tenant.base_url}/");
    ObjectNode resource = root.putArray("resources").addObject();
    resource.put("name", meta.get("resource").asString());
    ObjectNode endpoint = resource.putObject("endpoint");
    endpoint.put("path", "golden");
    endpoint.put("data_selector", "$");
    if (meta.has("write_disposition")) {
      resource.set("write_disposition", meta.get("write_disposition"));
    }
    if (meta.has("primary_key")) {
      resource.set("primary_key", meta.get("primary_key"));
    }
    return YAML.writeValueAsString(root);
  }

  static int runOnce(Path yaml, String tenant, String baseUrl, String dataset, String res) {
    TestDatabase db = TestDatabase.get();
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(FlowLoaderApplication.class)
            .web(WebApplicationType.NONE)
            .run(
                "--flowloader.run-once=true",
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--spring.datasource.hikari.minimum-idle=0",
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--flowloader.source-definition=file:" + yaml.toAbsolutePath(),
                "--flowloader.http.requests-per-second=200",
                "--flowloader.http.max-retries=0",
                "--flowloader.tenants[0].name=" + tenant,
                "--flowloader.tenants[0].tenant-id=00000000-0000-0000-0000-000000000001",
                "--flowloader.tenants[0].api-key=golden-key",
                "--flowloader.tenants[0].base-url=" + baseUrl,
                "--flowloader.tenants[0].dataset=" + dataset,
                "--flowloader.tenants[0].resources[0]=" + res);
    return SpringApplication.exit(context);
  }

  private void compare(String name, int r, JsonNode want, String dataset, List<String> loadIds) {
    DatasetSnapshot actual = DatasetSnapshot.read(jdbc, dataset);
    List<String> problems =
        new ArrayList<>(
            GoldenAssertions.compare(want.get("snapshot").get("<dataset>"), actual, loadIds, true));
    problems.addAll(PostgresGolden.problems(name, r + 1, dataset, loadIds));
    if (!problems.isEmpty()) {
      fail(name + " run " + (r + 1) + " (source definition path):\n" + String.join("\n", problems));
    }
  }

  private List<String> loadIdsOf(String dataset) {
    if (!DatasetCatalog.tables(jdbc, dataset).containsKey("_dlt_loads")) {
      return List.of();
    }
    return jdbc.queryForList(
        "SELECT load_id FROM " + Sql.table(dataset, "_dlt_loads") + " ORDER BY inserted_at",
        String.class);
  }

  private static String text(String path) throws IOException {
    try (InputStream in = GoldenSourceDefinitionIntegrationTests.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The raw JSON text of every element of the top-level {@code "runs"} array. */
  static List<String> rawRuns(String json) {
    int start = json.indexOf('[', json.indexOf("\"runs\""));
    List<String> out = new ArrayList<>();
    int depth = 0;
    int elementStart = -1;
    boolean inString = false;
    for (int i = start; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        depth++;
        if (depth == 2) {
          elementStart = i;
        }
      } else if (c == ']' || c == '}') {
        if (depth == 2) {
          out.add(json.substring(elementStart, i + 1));
        }
        depth--;
        if (depth == 0) {
          return out;
        }
      }
    }
    throw new IllegalArgumentException("no runs array");
  }
}
