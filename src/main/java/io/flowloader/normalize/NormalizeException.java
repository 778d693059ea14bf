package io.flowloader.normalize;

/**
 * A record the normalizer cannot turn into rows (a schema-contract violation, or a value dlt could
 * not store either, docs/dlt-compatibility.md, "Where the service goes beyond dlt"). The whole load
 * must be rejected: nothing of it may be committed. The message names resource, table, column, the
 * value's type and the record; it never contains the value itself beyond a short excerpt, and never
 * anything from request headers.
 */
public class NormalizeException extends RuntimeException {

  private final String resource;
  private final String table;
  private final String column;
  private final String recordKey;

  public NormalizeException(
      String message, String resource, String table, String column, String recordKey) {
    super(message);
    this.resource = resource;
    this.table = table;
    this.column = column;
    this.recordKey = recordKey;
  }

  public String resource() {
    return resource;
  }

  public String table() {
    return table;
  }

  /** The column, or {@code null} when the violation is about a whole table. */
  public String column() {
    return column;
  }

  /** How to find the record: its primary key or {@code id} value, else its position in the load. */
  public String recordKey() {
    return recordKey;
  }
}
