package io.flowloader.load;

/** A load package could not be staged or committed; nothing of it reached the dataset. */
public class LoadException extends RuntimeException {

  public LoadException(String message, Throwable cause) {
    super(message, cause);
  }

  public LoadException(String message) {
    super(message);
  }

  /**
   * The leading keywords of a statement ({@code CREATE TABLE}, {@code INSERT}, {@code COPY}, …):
   * names what failed without quoting identifiers or values.
   */
  public static String statementKind(String sql) {
    if (sql == null || sql.isBlank()) {
      return "?";
    }
    String[] words = sql.strip().split("\\s+", 3);
    String first = words[0].toUpperCase(java.util.Locale.ROOT);
    if (words.length > 1
        && java.util.Set.of("CREATE", "ALTER", "DROP", "DELETE", "INSERT", "TRUNCATE")
            .contains(first)) {
      String second = words[1].toUpperCase(java.util.Locale.ROOT);
      if (second.matches("[A-Z]+")) {
        return first + " " + second;
      }
    }
    return first;
  }
}
