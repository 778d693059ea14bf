package io.flowloader.normalize;

/**
 * dlt's column data types that JSON input can produce, with the PostgreSQL type dlt creates for
 * each (docs/dlt-compatibility.md, "Types"). {@link #DECIMAL} carries integers beyond int64 ("Where
 * the service goes beyond dlt"), {@link #JSON} holds values below {@code max_table_nesting}.
 */
public enum DataType {
  TEXT("text", "varchar", "character varying"),
  BIGINT("bigint", "bigint", "bigint"),
  DOUBLE("double", "double precision", "double precision"),
  BOOL("bool", "boolean", "boolean"),
  TIMESTAMP("timestamp", "timestamp with time zone", "timestamp with time zone"),
  DECIMAL("decimal", "numeric(156,78)", "numeric(156,78)"),
  JSON("json", "jsonb", "jsonb");

  private final String dltName;
  private final String postgresType;
  private final String formatType;

  DataType(String dltName, String postgresType, String formatType) {
    this.dltName = dltName;
    this.postgresType = postgresType;
    this.formatType = formatType;
  }

  /** The name dlt uses in its schema document and in variant column suffixes ({@code __v_text}). */
  public String dltName() {
    return dltName;
  }

  /**
   * The type as written in DDL for a column without precision, scale or timezone hints; {@link
   * Column#postgresType()} renders a column's type with them.
   */
  public String postgresType() {
    return postgresType;
  }

  /** The type as PostgreSQL's {@code format_type} prints it (what the golden vectors compare). */
  public String formatType() {
    return formatType;
  }
}
