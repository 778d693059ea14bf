package io.flowloader.normalize;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schema as a dlt-like JSON document (for {@code _dlt_version.schema}) and its version hash
 * (Base64 SHA3-256 of the document without its version fields, like dlt's hash of the schema
 * content). Only data tables are listed; dlt's own {@code _dlt_*} tables are the load side's.
 */
final class SchemaDocument {

  static final int ENGINE_VERSION = 11;
  private static final JsonMapper MAPPER = JsonMapper.shared();

  private SchemaDocument() {}

  static String toJson(Schema schema) {
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("version", schema.version());
    doc.put("version_hash", schema.versionHash());
    doc.setAll(content(schema.name(), schema.tables()));
    return MAPPER.writeValueAsString(doc);
  }

  static String hash(String name, Map<String, TableSchema> tables) {
    String json = MAPPER.writeValueAsString(content(name, tables));
    try {
      MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
      return Base64.getEncoder().encodeToString(sha3.digest(json.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA3-256 is part of every Java 9+ runtime", e);
    }
  }

  private static ObjectNode content(String name, Map<String, TableSchema> tables) {
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("engine_version", ENGINE_VERSION);
    doc.put("name", name);
    ObjectNode tablesNode = doc.putObject("tables");
    for (TableSchema t : tables.values()) {
      ObjectNode tn = tablesNode.putObject(t.name());
      tn.put("name", t.name());
      ObjectNode cols = tn.putObject("columns");
      for (Column c : t.columns()) {
        ObjectNode cn = cols.putObject(c.name());
        cn.put("name", c.name());
        cn.put("data_type", c.type().dltName());
        cn.put("nullable", c.nullable());
        // dlt keeps the precision, scale and timezone hints on the column
        if (c.type() == DataType.DECIMAL && c.precision() == null) {
          cn.put("precision", PostgresTypes.WIDE_DECIMAL_PRECISION);
          cn.put("scale", PostgresTypes.WIDE_DECIMAL_SCALE);
        } else {
          if (c.precision() != null) {
            cn.put("precision", c.precision());
          }
          if (c.scale() != null) {
            cn.put("scale", c.scale());
          }
        }
        if (c.timezone() != null) {
          cn.put("timezone", c.timezone());
        }
        if (c.unique()) {
          cn.put("unique", true);
        }
        if (c.primaryKey()) {
          cn.put("primary_key", true);
        }
        Scd2 scd2 = t.isRoot() ? t.scd2() : null;
        if (scd2 != null) {
          scd2ColumnHints(scd2, c.name(), cn);
        }
        switch (c.name()) {
          case DltColumns.ID -> {
            // dlt's scd2 row hash is not the row key (it repeats)
            if (scd2 == null || scd2.rowVersion() != null) {
              cn.put("row_key", true);
            }
          }
          case DltColumns.PARENT_ID -> cn.put("parent_key", true);
          case DltColumns.ROOT_ID -> cn.put("root_key", true);
          default -> {}
        }
      }
      if (t.isRoot()) {
        WriteDisposition d = t.disposition();
        tn.put(
            "write_disposition",
            d == WriteDisposition.UPSERT || d == WriteDisposition.SCD2
                ? "merge"
                : d.name().toLowerCase(java.util.Locale.ROOT));
        if (d == WriteDisposition.UPSERT) {
          tn.put("x-merge-strategy", "upsert");
        }
        if (d == WriteDisposition.SCD2) {
          tn.put("x-merge-strategy", "scd2");
          if (t.scd2() != null && t.scd2().boundary() != null) {
            tn.put("x-boundary-timestamp", t.scd2().boundary().toString());
          }
        }
        tn.put("resource", t.resource());
      } else {
        tn.put("parent", t.parent());
      }
    }
    ObjectNode settings = doc.putObject("settings");
    settings.putArray("detections").add("iso_timestamp");
    ObjectNode hints = settings.putObject("default_hints");
    ArrayNode notNull = hints.putArray("not_null");
    for (String c :
        List.of(
            DltColumns.ID,
            DltColumns.ROOT_ID,
            DltColumns.PARENT_ID,
            DltColumns.LIST_IDX,
            DltColumns.LOAD_ID)) {
      notNull.add(c);
    }
    hints.putArray("parent_key").add(DltColumns.PARENT_ID);
    hints.putArray("root_key").add(DltColumns.ROOT_ID);
    hints.putArray("unique").add(DltColumns.ID);
    hints.putArray("row_key").add(DltColumns.ID);
    ObjectNode normalizers = doc.putObject("normalizers");
    normalizers.put("names", "snake_case");
    normalizers.putObject("json").put("module", "dlt.common.normalizers.json.relational");
    return doc;
  }

  static Schema fromJson(String json) {
    JsonNode doc = MAPPER.readTree(json);
    String name = doc.path("name").asString();
    long version = doc.path("version").asLong();
    String hash = doc.path("version_hash").asString("");
    Map<String, JsonNode> raw = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : doc.path("tables").properties()) {
      raw.put(e.getKey(), e.getValue());
    }
    Map<String, TableSchema> tables = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : raw.entrySet()) {
      JsonNode t = e.getValue();
      if (e.getKey().startsWith("_dlt_")) {
        continue;
      }
      String parent = t.hasNonNull("parent") ? t.get("parent").asString() : null;
      JsonNode root = t;
      while (root.hasNonNull("parent") && raw.containsKey(root.get("parent").asString())) {
        root = raw.get(root.get("parent").asString());
      }
      WriteDisposition disposition = disposition(root);
      String resource = root.path("resource").asString(root.path("name").asString());
      List<Column> columns = new ArrayList<>();
      for (Map.Entry<String, JsonNode> c : t.path("columns").properties()) {
        JsonNode cn = c.getValue();
        if (!cn.hasNonNull("data_type")) {
          continue;
        }
        DataType type = dataType(cn.get("data_type").asString());
        Integer precision = cn.hasNonNull("precision") ? cn.get("precision").asInt() : null;
        Integer scale = cn.hasNonNull("scale") ? cn.get("scale").asInt() : null;
        if (type == DataType.DECIMAL
            && Integer.valueOf(PostgresTypes.WIDE_DECIMAL_PRECISION).equals(precision)
            && Integer.valueOf(PostgresTypes.WIDE_DECIMAL_SCALE).equals(scale)) {
          precision = null; // the decimal without precision (see toJson)
          scale = null;
        }
        columns.add(
            new Column(
                c.getKey(),
                type,
                cn.path("nullable").asBoolean(true),
                cn.path("unique").asBoolean(false),
                cn.path("primary_key").asBoolean(false),
                precision,
                scale,
                cn.hasNonNull("timezone") ? cn.get("timezone").asBoolean() : null));
      }
      Scd2 scd2 = parent == null && disposition == WriteDisposition.SCD2 ? scd2(t) : null;
      tables.put(
          e.getKey(), new TableSchema(e.getKey(), parent, resource, disposition, columns, scd2));
    }
    return new Schema(name, version, hash, tables);
  }

  /** dlt's scd2 x-hints of one column of an scd2 root table. */
  private static void scd2ColumnHints(Scd2 scd2, String column, ObjectNode cn) {
    if (column.equals(scd2.validFrom())) {
      cn.put("x-valid-from", true);
    }
    if (column.equals(scd2.validTo())) {
      cn.put("x-valid-to", true);
      if (scd2.activeRecord() == null) {
        cn.putNull("x-active-record-timestamp");
      } else {
        cn.put("x-active-record-timestamp", scd2.activeRecord().toString());
      }
    }
    if (column.equals(scd2.hashColumn())) {
      cn.put("x-row-version", true);
    }
    if (scd2.mergeKey().contains(column)) {
      cn.put("merge_key", true);
    }
  }

  /** The scd2 options of a stored scd2 root table, from its x-hints. */
  private static Scd2 scd2(JsonNode table) {
    String from = null;
    String to = null;
    java.time.Instant active = null;
    String rowVersion = null;
    List<String> mergeKey = new ArrayList<>();
    for (Map.Entry<String, JsonNode> c : table.path("columns").properties()) {
      JsonNode cn = c.getValue();
      if (cn.path("x-valid-from").asBoolean(false)) {
        from = c.getKey();
      }
      if (cn.path("x-valid-to").asBoolean(false)) {
        to = c.getKey();
        if (cn.hasNonNull("x-active-record-timestamp")) {
          active = java.time.Instant.parse(cn.get("x-active-record-timestamp").asString());
        }
      }
      if (cn.path("x-row-version").asBoolean(false) && !c.getKey().equals(DltColumns.ID)) {
        rowVersion = c.getKey();
      }
      if (cn.path("merge_key").asBoolean(false)) {
        mergeKey.add(c.getKey());
      }
    }
    java.time.Instant boundary =
        table.hasNonNull("x-boundary-timestamp")
            ? java.time.Instant.parse(table.get("x-boundary-timestamp").asString())
            : null;
    return new Scd2(from, to, active, boundary, rowVersion, mergeKey);
  }

  private static WriteDisposition disposition(JsonNode root) {
    String d = root.path("write_disposition").asString("append");
    return switch (d) {
      case "merge" ->
          switch (root.path("x-merge-strategy").asString("")) {
            case "upsert" -> WriteDisposition.UPSERT;
            case "scd2" -> WriteDisposition.SCD2;
            default -> WriteDisposition.MERGE;
          };
      case "replace" -> WriteDisposition.REPLACE;
      default -> WriteDisposition.APPEND;
    };
  }

  private static DataType dataType(String dltName) {
    for (DataType t : DataType.values()) {
      if (t.dltName().equals(dltName)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown data type in stored schema: " + dltName);
  }
}
