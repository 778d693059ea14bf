package io.flowloader.normalize;

import java.util.List;
import java.util.Map;

/**
 * How the records of one resource are normalized: dlt's resource hints that change tables.
 *
 * @param tableName root table name before normalization ({@code table_name} of the resource);
 *     {@code null} means the resource name
 * @param disposition write disposition of the root table and its children
 * @param primaryKey primary-key columns of the root table. Each entry is either a normalized column
 *     name ({@code id}, {@code id__id}) or a dotted source path ({@code id.id}); both are
 *     normalized the same way (split on {@code .}, every piece normalized, joined with {@code __}),
 *     so {@code "id.id"}, {@code "id__id"} and {@code "Id.Id"} all mean column {@code id__id}
 * @param maxTableNesting dlt's {@code max_table_nesting}: objects and lists deeper than this are
 *     stored as one {@code jsonb} column (default 1000, i.e. unlimited)
 * @param contract the schema contract for the resource's tables
 * @param columns column hints of the root table, in the order written
 * @param scd2 the scd2 options when {@code disposition} is {@link WriteDisposition#SCD2}, else null
 *     (defaults then)
 * @param nestedColumns dlt's {@code nested_hints}: column hints of nested tables, keyed by the
 *     nested table's path below the root as source field names ({@code [stateEntries]} for table
 *     {@code states__state_entries}), each list in the order written
 */
public record ResourceSettings(
    String tableName,
    WriteDisposition disposition,
    List<String> primaryKey,
    int maxTableNesting,
    SchemaContract contract,
    List<ColumnHint> columns,
    Scd2 scd2,
    Map<List<String>, List<ColumnHint>> nestedColumns) {

  public ResourceSettings(
      String tableName,
      WriteDisposition disposition,
      List<String> primaryKey,
      int maxTableNesting,
      SchemaContract contract,
      List<ColumnHint> columns,
      Scd2 scd2) {
    this(tableName, disposition, primaryKey, maxTableNesting, contract, columns, scd2, Map.of());
  }

  public ResourceSettings(
      String tableName,
      WriteDisposition disposition,
      List<String> primaryKey,
      int maxTableNesting,
      SchemaContract contract,
      List<ColumnHint> columns) {
    this(tableName, disposition, primaryKey, maxTableNesting, contract, columns, null);
  }

  public ResourceSettings(
      String tableName,
      WriteDisposition disposition,
      List<String> primaryKey,
      int maxTableNesting,
      SchemaContract contract) {
    this(tableName, disposition, primaryKey, maxTableNesting, contract, List.of());
  }

  public static final int DEFAULT_MAX_TABLE_NESTING = 1000;

  public ResourceSettings {
    disposition = disposition == null ? WriteDisposition.APPEND : disposition;
    primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    maxTableNesting = maxTableNesting < 0 ? DEFAULT_MAX_TABLE_NESTING : maxTableNesting;
    contract = contract == null ? SchemaContract.EVOLVE : contract;
    columns = columns == null ? List.of() : List.copyOf(columns);
    nestedColumns = nestedColumns == null ? Map.of() : Map.copyOf(nestedColumns);
    scd2 =
        disposition != WriteDisposition.SCD2
            ? null
            : scd2 == null ? new Scd2(null, null, null, null, null, null) : scd2;
    if (disposition.carriesRootId()
        && disposition == WriteDisposition.UPSERT
        && primaryKey.isEmpty()) {
      throw new IllegalArgumentException("merge strategy upsert needs a primary key");
    }
  }

  /** dlt's defaults: append, no primary key, nesting 1000, contract evolve. */
  public static ResourceSettings defaults() {
    return new ResourceSettings(
        null, WriteDisposition.APPEND, List.of(), DEFAULT_MAX_TABLE_NESTING, null);
  }

  public static ResourceSettings of(WriteDisposition disposition, String... primaryKey) {
    return new ResourceSettings(
        null, disposition, List.of(primaryKey), DEFAULT_MAX_TABLE_NESTING, null);
  }

  public ResourceSettings withMaxTableNesting(int nesting) {
    return new ResourceSettings(
        tableName, disposition, primaryKey, nesting, contract, columns, scd2, nestedColumns);
  }

  public ResourceSettings withContract(SchemaContract newContract) {
    return new ResourceSettings(
        tableName,
        disposition,
        primaryKey,
        maxTableNesting,
        newContract,
        columns,
        scd2,
        nestedColumns);
  }

  public ResourceSettings withColumns(List<ColumnHint> hints) {
    return new ResourceSettings(
        tableName, disposition, primaryKey, maxTableNesting, contract, hints, scd2, nestedColumns);
  }

  public ResourceSettings withNestedColumns(Map<List<String>, List<ColumnHint>> hints) {
    return new ResourceSettings(
        tableName, disposition, primaryKey, maxTableNesting, contract, columns, scd2, hints);
  }
}
