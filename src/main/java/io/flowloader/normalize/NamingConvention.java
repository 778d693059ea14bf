package io.flowloader.normalize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * dlt's {@code snake_case} naming convention for PostgreSQL (docs/dlt-compatibility.md, "Naming"
 * and "Flattened columns and child tables"): keys become identifiers, {@code __}-joined paths
 * become flattened column and child table names, and identifiers longer than 63 characters are
 * shortened with a SHAKE-128 tag.
 *
 * <p>Pure and thread-safe. The regular expressions run once per distinct key: the normalizer caches
 * the results per raw key and path, so they stay out of the per-value hot path.
 */
public final class NamingConvention {

  /** PostgreSQL's identifier limit as dlt counts it (code points). */
  public static final int MAX_LENGTH = 63;

  /** Separator of path pieces in flattened column and child table names. */
  public static final String PATH_SEPARATOR = "__";

  /** dlt's name for a column made from an empty or blank key. */
  public static final String EMPTY_KEY = "_empty";

  private static final int TAG_BYTES = 4;
  private static final Pattern OTHER_CHARS = Pattern.compile("[^a-zA-Z\\p{Nd}_]+");
  private static final Pattern CAMEL_A = Pattern.compile("([^_])([A-Z][a-z]+)");
  private static final Pattern CAMEL_B = Pattern.compile("([a-z0-9])([A-Z])");
  private static final Pattern UNDERSCORES = Pattern.compile("__+");

  private NamingConvention() {}

  /**
   * Normalizes one identifier ("Naming"): never splits on {@code __}, collapses {@code _} runs.
   * Used for dataset (schema) names.
   *
   * @throws IllegalArgumentException when the key is empty or whitespace only
   */
  public static String normalizeIdentifier(String key) {
    String trimmed = trim(key);
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("an identifier must not be empty or blank");
    }
    return shorten(snakeCase(trimmed), trimmed);
  }

  /**
   * Normalizes a key as a path ("Naming", paths): the raw key is split on {@code __}, blank pieces
   * dropped, every piece normalized (and shortened) on its own, and the pieces joined with {@code
   * __}; the join is shortened with the raw key as tag source. Returns the empty string when no
   * piece is left (keys such as {@code "__"}); the caller decides what to do then. Used for every
   * source key and for resource names (root table names).
   */
  public static String normalizePath(String rawKey) {
    if (rawKey.indexOf(PATH_SEPARATOR) < 0) {
      String trimmed = trim(rawKey);
      return trimmed.isEmpty() ? "" : shorten(snakeCase(trimmed), trimmed);
    }
    List<String> pieces = new ArrayList<>();
    int start = 0;
    while (true) {
      int end = rawKey.indexOf(PATH_SEPARATOR, start);
      String piece = end < 0 ? rawKey.substring(start) : rawKey.substring(start, end);
      String trimmed = trim(piece);
      if (!trimmed.isEmpty()) {
        pieces.add(shorten(snakeCase(trimmed), trimmed));
      }
      if (end < 0) {
        break;
      }
      start = end + PATH_SEPARATOR.length();
    }
    return shorten(String.join(PATH_SEPARATOR, pieces), rawKey);
  }

  /** The normalized table name of a resource (or of a resource's {@code table_name}). */
  public static String tableName(String resource) {
    String name = normalizePath(resource);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("resource name normalizes to nothing: " + resource);
    }
    return name;
  }

  /**
   * Joins already normalized fragments with {@code __} and shortens the result with the joined name
   * as tag source (flattened columns, child tables, variant columns; see "Naming", shortening).
   */
  public static String join(String... fragments) {
    String joined = String.join(PATH_SEPARATOR, fragments);
    return shorten(joined, joined);
  }

  /** {@link #join(String...)} for a list of fragments. */
  public static String join(List<String> fragments) {
    String joined = String.join(PATH_SEPARATOR, fragments);
    return shorten(joined, joined);
  }

  /**
   * Shortens a normalized name longer than {@link #MAX_LENGTH} code points to 29 + tag (6) + 28
   * code points ("Naming", shortening); shorter names are returned unchanged.
   */
  public static String shorten(String name, String tagSource) {
    int length = name.codePointCount(0, name.length());
    if (length <= MAX_LENGTH) {
      return name;
    }
    String tag = tag(tagSource);
    int remaining = MAX_LENGTH - tag.length();
    int head = remaining / 2 + remaining % 2;
    int tail = remaining / 2;
    int headEnd = name.offsetByCodePoints(0, head);
    int tailStart = name.offsetByCodePoints(0, length - tail);
    return name.substring(0, headEnd) + tag + name.substring(tailStart);
  }

  /**
   * The 6-character tag: SHAKE-128 of the UTF-8 bytes, 4 bytes, Base64 without padding ("Naming",
   * shortening).
   */
  public static String tag(String tagSource) {
    byte[] input = tagSource.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[TAG_BYTES];
    SHAKEDigest shake = new SHAKEDigest(128);
    shake.update(input, 0, input.length);
    shake.doFinal(out, 0, TAG_BYTES);
    String b64 = Base64.getEncoder().withoutPadding().encodeToString(out);
    return b64.replace('/', 'a').replace('+', 'b').toLowerCase(Locale.ROOT);
  }

  /** True for Python's {@code str.isspace()} characters ("Naming", step 1). */
  static boolean isPythonSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D)
        || (cp >= 0x1C && cp <= 0x20)
        || cp == 0x85
        || cp == 0xA0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
  }

  /** Trims Python whitespace from both ends (all such characters are in the BMP). */
  static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isPythonSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isPythonSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /** True when the key is empty or only whitespace: such keys become {@link #EMPTY_KEY}. */
  static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isPythonSpace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Steps 2–5 of "Naming" on a trimmed, non-empty identifier. */
  private static String snakeCase(String trimmed) {
    StringBuilder reduced = new StringBuilder(trimmed.length());
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      reduced.append(
          switch (c) {
            case '+', '*' -> 'x';
            case '-' -> '_';
            case '@' -> 'a';
            case '|' -> 'l';
            default -> c;
          });
    }
    String s = OTHER_CHARS.matcher(reduced).replaceAll("_");
    s = CAMEL_A.matcher(s).replaceAll("$1_$2");
    s = CAMEL_B.matcher(s).replaceAll("$1_$2");
    s = s.toLowerCase(Locale.ROOT);
    if (!s.isEmpty() && Character.getType(s.codePointAt(0)) == Character.DECIMAL_DIGIT_NUMBER) {
      s = "_" + s;
    }
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '_') {
      end--;
    }
    if (end < s.length()) {
      s = s.substring(0, end) + "x".repeat(s.length() - end);
    }
    return UNDERSCORES.matcher(s).replaceAll("_");
  }
}
