package io.flowloader.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cross-field rules of dlt's column hints ({@code columns}, {@code nested_hints}): which types
 * take a {@code precision}, {@code scale} or {@code timezone}, and in which ranges PostgreSQL
 * accepts them.
 */
final class HintRules {

  /** The largest {@code precision} per data type that dlt maps onto PostgreSQL. */
  private static final Map<String, Integer> MAX_PRECISION =
      Map.of("text", 10_485_760, "bigint", 64, "timestamp", 6, "decimal", 1000);

  private final SourceChecks checks;

  HintRules(SourceChecks checks) {
    this.checks = checks;
  }

  /** The hints of one table, in the order written; {@code where} ends in {@code .columns}. */
  List<ColumnHint> columns(List<SourceYaml.Hint> hints, String where) {
    List<ColumnHint> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SourceYaml.Hint h : hints == null ? List.<SourceYaml.Hint>of() : hints) {
      if (h == null || h.name() == null) {
        continue;
      }
      String hw = where + "." + h.name();
      checks.checkPath(hw, h.name());
      if (!seen.add(h.name())) {
        checks.add(hw + ": hinted twice");
      }
      Integer precision = precision(h, hw);
      out.add(
          new ColumnHint(
              h.name(),
              h.dataType(),
              h.nullable(),
              Boolean.TRUE.equals(h.primaryKey()),
              Boolean.TRUE.equals(h.mergeKey()),
              precision,
              scale(h, precision, hw),
              timezone(h, hw)));
    }
    return out;
  }

  /** dlt's {@code nested_hints} by nested-table path; key hints stay on the root table. */
  Map<List<String>, List<ColumnHint>> nested(List<SourceYaml.NestedHints> entries, String where) {
    Map<List<String>, List<ColumnHint>> out = new LinkedHashMap<>();
    for (SourceYaml.NestedHints n : entries == null ? List.<SourceYaml.NestedHints>of() : entries) {
      if (n == null || n.path() == null || n.path().contains(null)) {
        continue;
      }
      String ew = where + "." + n.where();
      n.path().forEach(p -> checks.checkPath(ew, p));
      List<ColumnHint> columns = columns(n.columns(), ew + ".columns");
      for (ColumnHint c : columns) {
        if (c.primaryKey() || c.mergeKey()) {
          checks.add(ew + ".columns." + c.name() + ": key hints apply to the root table only");
        }
      }
      if (out.putIfAbsent(List.copyOf(n.path()), columns) != null) {
        checks.add(ew + ": nested table " + n.path() + " hinted twice");
      }
    }
    return out;
  }

  private Integer precision(SourceYaml.Hint h, String where) {
    Integer precision = h.precision();
    String type = h.dataType();
    if (precision == null) {
      return null;
    }
    Integer max = type == null ? null : MAX_PRECISION.get(type);
    if (max == null) {
      checks.add(
          where
              + ".precision: needs data_type text, bigint, timestamp or decimal"
              + (type == null ? "" : ", not " + type));
      return null;
    }
    int min = type.equals("timestamp") ? 0 : 1;
    if (precision < min || precision > max) {
      checks.add(
          where
              + ".precision: must be "
              + min
              + " to "
              + max
              + " for data_type "
              + type
              + ", got "
              + precision);
      return null;
    }
    return precision;
  }

  private Integer scale(SourceYaml.Hint h, Integer precision, String where) {
    Integer scale = h.scale();
    if (scale == null) {
      return null;
    }
    if (!"decimal".equals(h.dataType())) {
      checks.add(
          where
              + ".scale: needs data_type decimal"
              + (h.dataType() == null ? "" : ", not " + h.dataType()));
      return null;
    }
    if (precision == null) {
      checks.add(where + ".scale: needs a precision");
      return null;
    }
    if (scale > precision) {
      checks.add(where + ".scale: must not exceed the precision " + precision + ", got " + scale);
      return null;
    }
    return scale;
  }

  private Boolean timezone(SourceYaml.Hint h, String where) {
    if (h.timezone() != null && !"timestamp".equals(h.dataType())) {
      checks.add(
          where
              + ".timezone: needs data_type timestamp"
              + (h.dataType() == null ? "" : ", not " + h.dataType()));
      return null;
    }
    return h.timezone();
  }
}
