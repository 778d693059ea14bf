package io.flowloader.normalize;

/**
 * dlt's column data types that JSON input can produce, with the PostgreSQL type dlt creates for
 * each (dlt-compat.md §4.1). {@link #DECIMAL} carries integers beyond int64 (§7), {@link #JSON}
 * holds values below {@code max_table_nesting}.
 */
public enum DataType {
  TEXT("text", "varchar"),
  BIGINT("bigint", "bigint"),
  DOUBLE("double", "double precision"),
  BOOL("bool", "boolean"),
  TIMESTAMP("timestamp", "timestamp with time zone"),
  DECIMAL("decimal", "numeric(156,78)"),
  JSON("json", "jsonb");

  private final String dltName;
  private final String postgresType;

  DataType(String dltName, String postgresType) {
    this.dltName = dltName;
    this.postgresType = postgresType;
  }

  /** The name dlt uses in its schema document and in variant column suffixes ({@code __v_text}). */
  public String dltName() {
    return dltName;
  }

  /** The type as written in DDL. */
  public String postgresType() {
    return postgresType;
  }
}
