package io.flowloader.normalize;

/**
 * One column of a dataset table, as dlt's schema describes it.
 *
 * @param name the PostgreSQL identifier, already produced by the naming convention
 * @param nullable false only for lineage and primary-key columns (docs/dlt-compatibility.md, "DDL")
 * @param unique true for {@code _dlt_id}, declared {@code UNIQUE} inline
 * @param primaryKey part of the resource's primary key (merge key)
 */
public record Column(
    String name, DataType type, boolean nullable, boolean unique, boolean primaryKey) {

  public static Column of(String name, DataType type) {
    return new Column(name, type, true, false, false);
  }
}
