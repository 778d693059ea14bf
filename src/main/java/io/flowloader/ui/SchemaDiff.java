package io.flowloader.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * What changed between two stored schema documents: tables and columns added, removed or altered.
 */
final class SchemaDiff {

  /** One difference; {@code column} is null when the whole table changed. */
  record Change(String kind, String table, String column, String before, String after) {}

  private SchemaDiff() {}

  static List<Change> between(JsonNode older, JsonNode newer) {
    List<Change> changes = new ArrayList<>();
    JsonNode oldTables = older.path("tables");
    JsonNode newTables = newer.path("tables");
    for (Map.Entry<String, JsonNode> t : newTables.properties()) {
      JsonNode before = oldTables.get(t.getKey());
      if (before == null) {
        changes.add(new Change("table added", t.getKey(), null, null, null));
        for (Map.Entry<String, JsonNode> c : t.getValue().path("columns").properties()) {
          changes.add(
              new Change("column added", t.getKey(), c.getKey(), null, describe(c.getValue())));
        }
        continue;
      }
      JsonNode oldColumns = before.path("columns");
      for (Map.Entry<String, JsonNode> c : t.getValue().path("columns").properties()) {
        JsonNode was = oldColumns.get(c.getKey());
        if (was == null) {
          changes.add(
              new Change("column added", t.getKey(), c.getKey(), null, describe(c.getValue())));
        } else if (!Objects.equals(describe(was), describe(c.getValue()))) {
          changes.add(
              new Change(
                  "column changed", t.getKey(), c.getKey(), describe(was), describe(c.getValue())));
        }
      }
      for (Map.Entry<String, JsonNode> c : oldColumns.properties()) {
        if (!t.getValue().path("columns").has(c.getKey())) {
          changes.add(
              new Change("column removed", t.getKey(), c.getKey(), describe(c.getValue()), null));
        }
      }
    }
    for (Map.Entry<String, JsonNode> t : oldTables.properties()) {
      if (!newTables.has(t.getKey())) {
        changes.add(new Change("table removed", t.getKey(), null, null, null));
      }
    }
    return changes;
  }

  private static String describe(JsonNode column) {
    String type = column.path("data_type").asString("?");
    return type + (column.path("nullable").asBoolean(true) ? "" : " not null");
  }
}
