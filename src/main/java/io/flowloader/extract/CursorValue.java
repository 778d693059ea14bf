package io.flowloader.extract;

import java.util.List;

/**
 * One incremental position: the highest cursor value seen ({@code value}; date-times normalised to
 * ISO-8601 UTC instants) and the primary keys of the records that carried exactly that value
 * ({@code boundaryKeys}, each a JSON array text such as {@code ["8228342c-…"]}), so the next load's
 * closed lower bound can drop them. For {@code parent_version_path} resources {@code value} is the
 * parent's version and {@code boundaryKeys} is empty.
 */
public record CursorValue(String value, List<String> boundaryKeys) {
  public CursorValue {
    boundaryKeys = List.copyOf(boundaryKeys);
  }
}
