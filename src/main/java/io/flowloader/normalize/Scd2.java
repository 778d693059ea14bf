package io.flowloader.normalize;

import java.time.Instant;
import java.util.List;

/**
 * dlt's {@code scd2} merge strategy options ({@code write_disposition: {disposition: merge,
 * strategy: scd2, …}}, docs/source-definition.md, "scd2").
 *
 * @param validFrom the "valid from" column ({@code validity_column_names[0]}, default {@code
 *     _dlt_valid_from})
 * @param validTo the "valid to" column ({@code validity_column_names[1]}, default {@code
 *     _dlt_valid_to})
 * @param activeRecord {@code active_record_timestamp}: the "valid to" of an active record; null
 *     means SQL NULL (dlt's default)
 * @param boundary {@code boundary_timestamp}: "valid from" of new and "valid to" of retired
 *     records; null means the load's start (dlt: the load package's creation time)
 * @param rowVersion {@code row_version_column_name}: a source column holding the row hash; null
 *     means dlt's own row hash, stored in the root's {@code _dlt_id}
 * @param mergeKey the {@code merge_key} columns: only records whose key is in the load are retired
 *     when absent (incremental inputs); empty means every absent record is retired (full loads)
 */
public record Scd2(
    String validFrom,
    String validTo,
    Instant activeRecord,
    Instant boundary,
    String rowVersion,
    List<String> mergeKey) {

  public static final String DEFAULT_VALID_FROM = "_dlt_valid_from";
  public static final String DEFAULT_VALID_TO = "_dlt_valid_to";

  public Scd2 {
    validFrom = validFrom == null ? DEFAULT_VALID_FROM : validFrom;
    validTo = validTo == null ? DEFAULT_VALID_TO : validTo;
    mergeKey = mergeKey == null ? List.of() : List.copyOf(mergeKey);
  }

  /** The column holding the row hash: the row version column, else {@code _dlt_id}. */
  public String hashColumn() {
    return rowVersion != null ? rowVersion : DltColumns.ID;
  }
}
