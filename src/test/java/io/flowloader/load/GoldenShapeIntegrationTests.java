package io.flowloader.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.normalize.Column;
import io.flowloader.normalize.DataType;
import io.flowloader.normalize.NormalizedRow;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.TableSchema;
import io.flowloader.normalize.WriteDisposition;
import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.PackageStatus;
import io.flowloader.pkg.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load stage alone against every dlt golden case: the tables and rows of each case's final
 * snapshot, fed as a schema plus rows (no normalizer involved), must come out of PostgreSQL with
 * dlt's exact catalog shape (types, nullability, constraint and index names) and values — so DDL,
 * COPY encoding and system tables are checked independently of normalization.
 */
class GoldenShapeIntegrationTests extends LoadTestSupport {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> SYSTEM =
      Set.of("_dlt_loads", "_dlt_version", "_dlt_pipeline_state");

  static Stream<String> cases() {
    return io.flowloader.support.golden.GoldenCase.names().stream();
  }

  static JsonNode resource(String path) throws IOException {
    try (InputStream in = GoldenShapeIntegrationTests.class.getResourceAsStream(path)) {
      return JSON.readTree(in);
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void loadStageReproducesTheFinalSnapshot(String name) throws IOException {
    JsonNode expected = resource("/dlt-golden/" + name + "/expected.json");
    JsonNode snapshot = null;
    for (JsonNode run : expected.get("runs")) {
      if ("loaded".equals(run.get("outcome").asString())
          && run.get("snapshot_normative").asBoolean()) {
        snapshot = run.get("snapshot").get("<dataset>");
      }
    }
    assertThat(snapshot).isNotNull();
    String dataset = uniqueName("shape_" + name);

    Map<String, TableSchema> tables = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : snapshot.get("tables").properties()) {
      if (SYSTEM.contains(e.getKey())) {
        continue;
      }
      List<Column> columns = new ArrayList<>();
      for (JsonNode c : e.getValue().get("columns")) {
        String col = c.get("name").asString();
        boolean nullable = c.get("nullable").asBoolean();
        columns.add(
            new Column(
                col,
                type(c.get("type").asString()),
                nullable,
                col.equals("_dlt_id"),
                !nullable && !col.startsWith("_dlt_")));
      }
      JsonNode parent = e.getValue().get("parent_table");
      tables.put(
          e.getKey(),
          new TableSchema(
              e.getKey(),
              parent.isNull() ? null : parent.asString(),
              "golden",
              WriteDisposition.APPEND,
              columns));
    }
    Schema schema = new Schema("boomi_flow", 2, "", tables);

    Map<String, String> ids = new HashMap<>();
    try (StagingWriter writer = loader.open("golden", dataset, Trigger.MANUAL, List.of("golden"))) {
      String loadId = writer.loadId();
      for (TableSchema table : tables.values()) {
        for (JsonNode row : snapshot.get("tables").get(table.name()).get("rows")) {
          Object[] values = new Object[table.columns().size()];
          for (int i = 0; i < values.length; i++) {
            Column c = table.columns().get(i);
            values[i] = value(c.type(), row.get(c.name()), loadId, ids);
          }
          writer.write(table, new NormalizedRow(table.name(), values));
        }
      }
      LoadPackage staged = writer.finish(schema, Map.of(), null);
      LoadPackage loaded = loader.commit(staged);
      assertThat(loaded.status()).isEqualTo(PackageStatus.LOADED);

      DatasetSnapshot actual = DatasetSnapshot.read(jdbc, dataset);
      List<String> problems =
          GoldenAssertions.compare(
              snapshot, actual, Collections.nCopies(expected.get("runs").size(), loadId), false);
      assertThat(problems).isEmpty();
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM " + Sql.table(dataset, "_dlt_loads"), Integer.class))
          .isEqualTo(1);
    }
  }

  static DataType type(String formatType) {
    return switch (formatType) {
      case "character varying" -> DataType.TEXT;
      case "bigint" -> DataType.BIGINT;
      case "double precision" -> DataType.DOUBLE;
      case "boolean" -> DataType.BOOL;
      case "timestamp with time zone" -> DataType.TIMESTAMP;
      case "numeric(156,78)" -> DataType.DECIMAL;
      case "jsonb" -> DataType.JSON;
      default -> throw new IllegalArgumentException(formatType);
    };
  }

  private static Object value(DataType type, JsonNode v, String loadId, Map<String, String> ids) {
    if (v == null || v.isNull()) {
      return null;
    }
    return switch (type) {
      case TEXT -> {
        String s = v.asString();
        if (s.matches("<load_id(#\\d+)?>")) {
          yield loadId;
        }
        if (s.matches("<[^<>#:]+#\\d+>")) {
          yield ids.computeIfAbsent(s, k -> PipelineState.randomId());
        }
        yield s;
      }
      case BIGINT -> v.asLong();
      case DOUBLE -> v.asDouble();
      case BOOL -> v.asBoolean();
      case TIMESTAMP -> OffsetDateTime.parse(v.asString());
      case DECIMAL -> new BigDecimal(v.asString());
      case JSON -> v.toString();
    };
  }
}
