package io.flowloader.normalize;

/**
 * One column of a dataset table, as dlt's schema describes it.
 *
 * @param name the PostgreSQL identifier, already produced by the naming convention
 * @param nullable false only for lineage and primary-key columns (docs/dlt-compatibility.md, "DDL")
 * @param unique true for {@code _dlt_id}, declared {@code UNIQUE} inline
 * @param primaryKey part of the resource's primary key (merge key)
 * @param precision dlt's {@code precision} from a column hint (or 156 for the {@code numeric} that
 *     carries integers beyond int64), null for the type's default
 * @param scale dlt's {@code scale} of a decimal, null for the default
 * @param timezone dlt's {@code timezone} of a timestamp: false is {@code timestamp without time
 *     zone}; null (dlt's default) and true are {@code with time zone}
 */
public record Column(
    String name,
    DataType type,
    boolean nullable,
    boolean unique,
    boolean primaryKey,
    Integer precision,
    Integer scale,
    Boolean timezone) {

  public Column(String name, DataType type, boolean nullable, boolean unique, boolean primaryKey) {
    this(name, type, nullable, unique, primaryKey, null, null, null);
  }

  public static Column of(String name, DataType type) {
    return new Column(name, type, true, false, false);
  }

  /** The column's type as written in DDL, as dlt's PostgreSQL type mapper renders it. */
  public String postgresType() {
    return PostgresTypes.ddl(type, precision, scale, timezone);
  }

  /** The type as PostgreSQL's {@code format_type} prints it ({@code information_schema}). */
  public String formatType() {
    return PostgresTypes.formatType(postgresType());
  }
}
