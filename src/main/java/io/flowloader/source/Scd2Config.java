package io.flowloader.source;

import java.time.Instant;

/**
 * The options of dlt's {@code {disposition: merge, strategy: scd2}} as written in the source
 * definition; null fields take dlt's defaults.
 *
 * @param validFrom {@code validity_column_names[0]}
 * @param validTo {@code validity_column_names[1]}
 * @param activeRecordTimestamp {@code active_record_timestamp} (null: active records have NULL)
 * @param boundaryTimestamp {@code boundary_timestamp} (null: the load's start)
 * @param rowVersionColumnName {@code row_version_column_name} (null: dlt's row hash in {@code
 *     _dlt_id})
 */
public record Scd2Config(
    String validFrom,
    String validTo,
    Instant activeRecordTimestamp,
    Instant boundaryTimestamp,
    String rowVersionColumnName) {}
