package io.flowloader.support.golden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * dlt's outcome of one run and the database snapshot after it.
 *
 * @param outcome {@code loaded} or {@code failed}
 * @param loadIdSymbol the symbol ({@code <load_id>} or {@code <load_id#N>}) that stands for this
 *     run's load id in the snapshots; {@code null} for failed runs
 * @param normative whether the snapshot must match ({@code snapshot_normative})
 * @param tables every table of schema {@code <dataset>}, system tables included
 * @param stagingTables tables of {@code <dataset>_staging} (merge cases; informative)
 */
public record ExpectedRun(
    int run,
    String outcome,
    String loadIdSymbol,
    boolean normative,
    String failedStep,
    String message,
    Map<String, ExpectedTable> tables,
    Map<String, ExpectedTable> stagingTables) {

  public boolean loaded() {
    return "loaded".equals(outcome);
  }

  /** The data tables: every table except dlt's {@code _dlt_*} system tables. */
  public Map<String, ExpectedTable> dataTables() {
    Map<String, ExpectedTable> out = new LinkedHashMap<>();
    tables.forEach(
        (name, t) -> {
          if (!name.startsWith("_dlt_")) {
            out.put(name, t);
          }
        });
    return out;
  }

  static ExpectedRun from(JsonNode run) {
    JsonNode snapshot = run.path("snapshot");
    return new ExpectedRun(
        run.get("run").asInt(),
        run.get("outcome").asString(),
        run.hasNonNull("load_id") ? run.get("load_id").asString() : null,
        run.path("snapshot_normative").asBoolean(false),
        run.path("failed_step").asString(null),
        run.path("message").asString(null),
        tables(snapshot.path("<dataset>")),
        tables(snapshot.path("<dataset>_staging")));
  }

  private static Map<String, ExpectedTable> tables(JsonNode schema) {
    Map<String, ExpectedTable> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : schema.path("tables").properties()) {
      JsonNode t = e.getValue();
      List<ExpectedTable.Column> columns = new ArrayList<>();
      for (JsonNode c : t.path("columns")) {
        columns.add(
            new ExpectedTable.Column(
                c.get("name").asString(), c.get("type").asString(), c.get("nullable").asBoolean()));
      }
      List<String> unique = new ArrayList<>();
      for (JsonNode c : t.path("constraints")) {
        if ("UNIQUE".equals(c.path("type").asString(""))) {
          unique.add(c.path("definition").asString());
        }
      }
      List<JsonNode> rows = new ArrayList<>();
      t.path("rows").forEach(rows::add);
      out.put(
          e.getKey(),
          new ExpectedTable(
              e.getKey(),
              t.hasNonNull("parent_table") ? t.get("parent_table").asString() : null,
              List.copyOf(columns),
              List.copyOf(unique),
              List.copyOf(rows)));
    }
    return out;
  }
}
