package io.flowloader.state;

import java.util.List;
import java.util.Objects;

/**
 * The stored position of one incremental cursor.
 *
 * @param cursorPath the record field the cursor follows (dlt's {@code cursor_path})
 * @param type how {@code value} is to be read
 * @param value the last cursor value, in its canonical text form (ISO-8601 for timestamps)
 * @param boundaryKeys primary keys of the records seen AT {@code value}: the next load reads from
 *     {@code value} inclusive and drops these as already loaded (dlt's {@code unique_hashes})
 */
public record Cursor(String cursorPath, CursorType type, String value, List<String> boundaryKeys) {

  public Cursor {
    Objects.requireNonNull(cursorPath, "cursorPath");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    boundaryKeys = boundaryKeys == null ? List.of() : List.copyOf(boundaryKeys);
  }
}
