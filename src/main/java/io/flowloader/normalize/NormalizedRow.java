package io.flowloader.normalize;

/**
 * One row for one table, produced by the normalizer.
 *
 * <p>{@code values[i]} belongs to column {@code i} of the table <em>as the schema stood when the
 * row was produced</em>; since columns are only appended, a shorter array simply means NULL for the
 * later columns. Java types per {@link DataType}: TEXT {@link String}, BIGINT {@link Long}, DOUBLE
 * {@link Double}, BOOL {@link Boolean}, TIMESTAMP {@link java.time.OffsetDateTime} in UTC
 * (microsecond precision), DECIMAL {@link java.math.BigDecimal}, JSON {@link String} (JSON text);
 * {@code null} is SQL NULL. With {@link Normalizer#deferChildIds}, a child row's {@code _dlt_id}
 * and a grandchild's {@code _dlt_parent_id} (TEXT) may be a {@link RowId}, whose {@code toString()}
 * is the id.
 */
public record NormalizedRow(String table, Object[] values) {}
