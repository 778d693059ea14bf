package io.flowloader.normalize;

import io.flowloader.normalize.SchemaContract.Mode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@link NormalizeException}s of one load, each naming resource, table, column and the record
 * being normalized ({@link #at}) by its position and key, and saying which setting would let it
 * load.
 */
final class NormalizeErrors {

  private ResourceState resource;
  private JsonNode record;

  /** The record being normalized, for the messages. */
  void at(ResourceState resource, JsonNode record) {
    this.resource = resource;
    this.record = record;
  }

  NormalizeException violation(
      ResourceState rs,
      String entity,
      Mode mode,
      String table,
      String column,
      JsonNode value,
      String what) {
    String key = recordKey();
    String message =
        "Schema contract "
            + entity
            + "="
            + mode.dltName()
            + " of resource `"
            + rs.resource
            + "` forbids a "
            + what
            + " in table `"
            + table
            + "`"
            + (column == null ? "" : ", column `" + column + "`")
            + (value == null ? "" : ", value type " + Values.typeOf(value).dltName())
            + ", record "
            + key
            + ". To load such records, set `schema_contract: {"
            + entity
            + ": evolve}` (or discard_row, discard_value) on resource `"
            + rs.resource
            + "` in the source definition.";
    return new NormalizeException(message, rs.resource, table, column, key);
  }

  NormalizeException cannotCoerce(
      ResourceState rs, String table, ColumnState column, JsonNode value) {
    String key = recordKey();
    String text = value.isString() ? value.stringValue() : value.toString();
    if (text.length() > 40) {
      text = text.substring(0, 40) + "…";
    }
    String message =
        "Cannot coerce type `"
            + Values.typeOf(value).dltName()
            + "` to `"
            + column.type.dltName()
            + "` for value `"
            + text
            + "` in table `"
            + table
            + "` column `"
            + column.name
            + "` (resource `"
            + rs.resource
            + "`, record "
            + key
            + "): it fits neither the column nor its variant column. To load the other records,"
            + " set `schema_contract: {data_type: discard_value}` (or discard_row) on resource `"
            + rs.resource
            + "` in the source definition.";
    return new NormalizeException(message, rs.resource, table, column.name, key);
  }

  /**
   * A table that would pass PostgreSQL's column limit: almost always a map keyed by ids (one column
   * per key) that should be one {@code json} column. Names the object path whose keys grew most.
   */
  NormalizeException tooManyColumns(TableState t, String column) {
    Map<String, Set<String>> children = new HashMap<>();
    for (ColumnState c : t.columns) {
      String[] pieces = c.name.split(NamingConvention.PATH_SEPARATOR, -1);
      StringBuilder prefix = new StringBuilder();
      for (int k = 0; k < pieces.length - 1; k++) {
        if (k > 0) {
          prefix.append(NamingConvention.PATH_SEPARATOR);
        }
        prefix.append(pieces[k]);
        children.computeIfAbsent(prefix.toString(), p -> new HashSet<>()).add(pieces[k + 1]);
      }
    }
    String widest =
        children.entrySet().stream()
            .max(Comparator.comparingInt(e -> e.getValue().size()))
            .map(Map.Entry::getKey)
            .orElse(column);
    String key = recordKey();
    String message =
        "Table `"
            + t.name
            + "` of resource `"
            + t.resource
            + "` would get more than "
            + SchemaEvolver.MAX_COLUMNS
            + " columns (PostgreSQL's limit) with column `"
            + column
            + "` (record "
            + key
            + "). Its widest object is `"
            + widest
            + "` ("
            + children.getOrDefault(widest, Set.of()).size()
            + " keys), probably a map keyed by ids: load it as one json column with the column"
            + " hint `columns: {"
            + widest
            + ": {data_type: json}}` on resource `"
            + t.resource
            + "`, or limit max_table_nesting.";
    return new NormalizeException(message, t.resource, t.name, column, key);
  }

  NormalizeException nullKey(ResourceState rs, String table, String column) {
    String key = recordKey();
    String what = DltColumns.LINEAGE.contains(column) ? "dlt lineage column" : "primary key column";
    String message =
        "NOT NULL "
            + what
            + " `"
            + column
            + "` of table `"
            + table
            + "` is null or missing (resource `"
            + rs.resource
            + "`, record "
            + key
            + "); every record must have a value for it"
            + (DltColumns.LINEAGE.contains(column)
                ? " (a source key named like a dlt lineage column gets dlt's NOT NULL hint)."
                : ".");
    return new NormalizeException(message, rs.resource, table, column, key);
  }

  /**
   * How a user finds the record: position in this load plus its key or {@code id} if it has one.
   */
  String recordKey() {
    ResourceState rs = resource;
    JsonNode record = this.record;
    StringBuilder sb = new StringBuilder("#").append(rs == null ? 0 : rs.records);
    if (record == null || rs == null) {
      return sb.toString();
    }
    String[] keys = rs.primaryKey.length > 0 ? rs.primaryKey : new String[] {"id"};
    List<String> parts = new ArrayList<>();
    for (String key : keys) {
      JsonNode v = find(record, key);
      if (v != null && !v.isContainer()) {
        String text = v.isString() ? v.stringValue() : v.toString();
        parts.add(key + "=" + (text.length() > 64 ? text.substring(0, 64) + "…" : text));
      }
    }
    if (!parts.isEmpty()) {
      sb.append(" (").append(String.join(", ", parts)).append(')');
    }
    return sb.toString();
  }

  /** The source value behind a normalized column path such as {@code id__id}. */
  private static JsonNode find(JsonNode obj, String column) {
    JsonNode current = obj;
    for (String piece : column.split(NamingConvention.PATH_SEPARATOR, -1)) {
      if (current == null || !current.isObject()) {
        return null;
      }
      JsonNode next = null;
      for (Map.Entry<String, JsonNode> e : current.properties()) {
        if (piece.equals(NamingConvention.normalizePath(e.getKey()))) {
          next = e.getValue();
        }
      }
      current = next;
    }
    return current;
  }
}
