package io.flowloader.normalize;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * dlt's stored schema of one dataset: every table in creation order, the schema counter that
 * becomes {@code _dlt_version.version}, and the hash that {@code _dlt_loads.schema_version_hash}
 * points to. Immutable; evolution produces a new instance with a higher version.
 *
 * @param name dlt's schema name ({@code boomi_flow})
 * @param version dlt's schema counter; the first stored version is 2 (docs/dlt-compatibility.md,
 *     "System tables")
 */
public record Schema(
    String name, long version, String versionHash, Map<String, TableSchema> tables) {

  public Schema {
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
  }

  public static Schema empty(String name) {
    return new Schema(name, 1, "", Map.of());
  }

  public TableSchema table(String tableName) {
    return tables.get(tableName);
  }

  /**
   * The next stored version after {@code base} with these tables: version + 1, hash of the new
   * content.
   */
  public static Schema evolve(Schema base, Map<String, TableSchema> tables) {
    return new Schema(
        base.name(), base.version() + 1, SchemaDocument.hash(base.name(), tables), tables);
  }

  /**
   * dlt-like schema document (compact JSON) for {@code _dlt_version.schema}: version, version_hash,
   * engine_version, name, tables with columns ({@code name, data_type, nullable} and hints),
   * parent, write_disposition, resource, settings and normalizers.
   */
  public String toJson() {
    return SchemaDocument.toJson(this);
  }

  /** Reads a document written by {@link #toJson()} (the newest {@code _dlt_version.schema}). */
  public static Schema fromJson(String json) {
    return SchemaDocument.fromJson(json);
  }
}
