package io.flowloader.normalize;

/**
 * How a load's rows meet the rows already in a table (docs/dlt-compatibility.md, "Write
 * dispositions"). {@link #MERGE} is dlt's default {@code delete-insert} strategy; {@link #UPSERT}
 * is {@code merge} with strategy {@code upsert}; {@link #SCD2} is {@code merge} with strategy
 * {@code scd2} (options in {@link Scd2}).
 */
public enum WriteDisposition {
  APPEND,
  REPLACE,
  MERGE,
  UPSERT,
  SCD2;

  /** Child tables of merge-like roots carry {@code _dlt_root_id}. */
  public boolean carriesRootId() {
    return this == MERGE || this == UPSERT || this == SCD2;
  }
}
