package io.flowloader.load;

import io.flowloader.normalize.Column;
import io.flowloader.normalize.DataType;
import io.flowloader.normalize.Schema;
import io.flowloader.normalize.TableSchema;
import io.flowloader.normalize.WriteDisposition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link Schema} as dlt's stored schema document (the text of {@code _dlt_version.schema}): tables
 * with {@code columns} (name, {@code data_type}, {@code nullable}, {@code unique}, {@code row_key},
 * {@code primary_key}), {@code parent}, {@code write_disposition} (plus {@code x-merge-strategy:
 * upsert}) and {@code resource}. The same text is kept with a staged load package and is read back
 * to learn a dataset's current schema.
 */
final class SchemaJson {

  static final int ENGINE_VERSION = 11;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SchemaJson() {}

  static String write(Schema schema) {
    return JSON.writeValueAsString(document(schema, versionHash(schema)));
  }

  /** The schema's version hash, or (when the normalizer left it blank) one computed from it. */
  static String versionHash(Schema schema) {
    if (schema.versionHash() != null && !schema.versionHash().isBlank()) {
      return schema.versionHash();
    }
    ObjectNode content = document(schema, "");
    content.remove("version");
    content.remove("version_hash");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA3-256")
              .digest(JSON.writeValueAsString(content).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode document(Schema schema, String hash) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("version", schema.version());
    doc.put("version_hash", hash);
    doc.put("engine_version", ENGINE_VERSION);
    doc.put("name", schema.name());
    ObjectNode tables = doc.putObject("tables");
    for (TableSchema t : schema.tables().values()) {
      ObjectNode table = tables.putObject(t.name());
      table.put("name", t.name());
      ObjectNode columns = table.putObject("columns");
      for (Column c : t.columns()) {
        ObjectNode col = columns.putObject(c.name());
        col.put("name", c.name());
        col.put("data_type", c.type().dltName());
        col.put("nullable", c.nullable());
        if (c.unique()) {
          col.put("unique", true);
        }
        if ("_dlt_id".equals(c.name())) {
          col.put("row_key", true);
        }
        if (c.primaryKey()) {
          col.put("primary_key", true);
        }
      }
      if (t.parent() != null) {
        table.put("parent", t.parent());
      }
      table.put(
          "write_disposition",
          t.disposition() == WriteDisposition.UPSERT
              ? "merge"
              : t.disposition().name().toLowerCase(Locale.ROOT));
      if (t.disposition() == WriteDisposition.UPSERT) {
        table.put("x-merge-strategy", "upsert");
      }
      if (t.resource() != null) {
        table.put("resource", t.resource());
      }
    }
    return doc;
  }

  static Schema read(String json) {
    JsonNode doc = JSON.readTree(json);
    Map<String, TableSchema> tables = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : doc.get("tables").properties()) {
      String name = e.getKey();
      if (name.startsWith("_dlt_") && !e.getValue().has("parent") && isSystem(name)) {
        continue;
      }
      JsonNode t = e.getValue();
      List<Column> columns = new ArrayList<>();
      for (Map.Entry<String, JsonNode> c : t.get("columns").properties()) {
        JsonNode col = c.getValue();
        columns.add(
            new Column(
                c.getKey(),
                dataType(col.path("data_type").asString()),
                col.path("nullable").asBoolean(true),
                col.path("unique").asBoolean(false),
                col.path("primary_key").asBoolean(false)));
      }
      String parent = t.hasNonNull("parent") ? t.get("parent").asString() : null;
      WriteDisposition disposition = null;
      if (t.hasNonNull("write_disposition")) {
        String wd = t.get("write_disposition").asString();
        disposition =
            "merge".equals(wd) && "upsert".equals(t.path("x-merge-strategy").asString(""))
                ? WriteDisposition.UPSERT
                : WriteDisposition.valueOf(wd.toUpperCase(Locale.ROOT));
      }
      String resource = t.hasNonNull("resource") ? t.get("resource").asString() : null;
      tables.put(name, new TableSchema(name, parent, resource, disposition, columns));
    }
    // dlt stores disposition and resource on the root only; children inherit them.
    Map<String, TableSchema> resolved = new LinkedHashMap<>();
    for (TableSchema t : tables.values()) {
      TableSchema root = t;
      while (root.parent() != null && tables.containsKey(root.parent())) {
        root = tables.get(root.parent());
      }
      resolved.put(
          t.name(),
          new TableSchema(
              t.name(),
              t.parent(),
              t.resource() != null ? t.resource() : root.resource(),
              t.disposition() != null
                  ? t.disposition()
                  : root.disposition() != null ? root.disposition() : WriteDisposition.APPEND,
              t.columns()));
    }
    return new Schema(
        doc.path("name").asString(),
        doc.path("version").asLong(),
        doc.path("version_hash").asString(""),
        resolved);
  }

  private static boolean isSystem(String table) {
    return table.equals("_dlt_loads")
        || table.equals("_dlt_version")
        || table.equals("_dlt_pipeline_state");
  }

  private static DataType dataType(String dltName) {
    for (DataType t : DataType.values()) {
      if (t.dltName().equals(dltName)) {
        return t;
      }
    }
    // dlt's wei (numeric(156,78)) is what DECIMAL creates here.
    if ("wei".equals(dltName)) {
      return DataType.DECIMAL;
    }
    throw new IllegalArgumentException("unsupported dlt data type " + dltName);
  }
}
