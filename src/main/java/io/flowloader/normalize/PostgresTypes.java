package io.flowloader.normalize;

/**
 * dlt's PostgreSQL type mapper ({@code PostgresTypeMapper} in dlt's postgres destination): the DDL
 * type of a column from its data type and its {@code precision}, {@code scale} and {@code timezone}
 * hints (docs/dlt-compatibility.md, "Column hints").
 *
 * <ul>
 *   <li>text: {@code varchar}, with precision {@code varchar(n)};
 *   <li>bigint: precision is bits: up to 16 {@code smallint}, up to 32 {@code integer}, up to 64
 *       {@code bigint}, beyond refused;
 *   <li>timestamp: {@code timestamp [(p)] with time zone}, {@code without time zone} when timezone
 *       is false; precision 0 to 6;
 *   <li>decimal: {@code numeric(p,s)}; a hinted decimal without precision or scale gets dlt's
 *       defaults 38 and 9 from the normalizer; without any precision (a column inferred from an
 *       integer beyond int64, which dlt cannot load) {@code numeric(156,78)};
 *   <li>double, bool, json: precision and scale do not apply.
 * </ul>
 */
public final class PostgresTypes {

  /** dlt's default precision and scale of a decimal on PostgreSQL. */
  public static final int DEFAULT_DECIMAL_PRECISION = 38;

  public static final int DEFAULT_DECIMAL_SCALE = 9;

  /**
   * Precision and scale of the {@code numeric} of a decimal column without precision: one inferred
   * from an integer beyond int64 (docs/dlt-compatibility.md, "Where the service goes beyond dlt").
   */
  public static final int WIDE_DECIMAL_PRECISION = 156;

  public static final int WIDE_DECIMAL_SCALE = 78;

  private PostgresTypes() {}

  /** The DDL type; throws {@link IllegalArgumentException} for a precision dlt refuses. */
  public static String ddl(DataType type, Integer precision, Integer scale, Boolean timezone) {
    return switch (type) {
      case TEXT -> precision == null ? "varchar" : "varchar(" + precision + ")";
      case BIGINT -> integer(precision);
      case TIMESTAMP -> timestamp(precision, timezone);
      case DECIMAL ->
          precision == null
              ? "numeric(" + WIDE_DECIMAL_PRECISION + "," + WIDE_DECIMAL_SCALE + ")"
              : "numeric("
                  + precision
                  + ","
                  + (scale == null ? DEFAULT_DECIMAL_SCALE : scale)
                  + ")";
      case DOUBLE -> "double precision";
      case BOOL -> "boolean";
      case JSON -> "jsonb";
    };
  }

  /** Why dlt would refuse these hints, or null when they are fine. */
  public static String problem(DataType type, Integer precision, Integer scale) {
    try {
      ddl(type, precision, scale, null);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    if (precision != null && precision < 1 && type != DataType.TIMESTAMP) {
      return "precision must be positive, not " + precision;
    }
    if (scale != null && scale < 0) {
      return "scale must not be negative, not " + scale;
    }
    return null;
  }

  private static String integer(Integer bits) {
    if (bits == null) {
      return "bigint";
    }
    if (bits <= 16) {
      return "smallint";
    }
    if (bits <= 32) {
      return "integer";
    }
    if (bits <= 64) {
      return "bigint";
    }
    throw new IllegalArgumentException(
        "bigint with precision " + bits + " can't be mapped to a PostgreSQL integer type");
  }

  private static String timestamp(Integer precision, Boolean timezone) {
    StringBuilder sb = new StringBuilder("timestamp");
    if (precision != null) {
      if (precision < 0 || precision > 6) {
        throw new IllegalArgumentException(
            "PostgreSQL supports timestamp precision 0 to 6, not " + precision);
      }
      sb.append(" (").append(precision).append(')');
    }
    return sb.append(Boolean.FALSE.equals(timezone) ? " without time zone" : " with time zone")
        .toString();
  }

  /**
   * PostgreSQL's {@code format_type} spelling of a DDL type made here ({@code varchar(10)} is
   * {@code character varying(10)}, {@code timestamp (3) with time zone} is {@code timestamp(3) with
   * time zone}).
   */
  public static String formatType(String ddl) {
    if (ddl.startsWith("varchar")) {
      return "character varying" + ddl.substring("varchar".length());
    }
    if (ddl.startsWith("timestamp (")) {
      return "timestamp(" + ddl.substring("timestamp (".length());
    }
    return ddl;
  }
}
