package io.flowloader.normalize;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The number conversions dlt inherits from Python (docs/dlt-compatibility.md, "Types"): {@code
 * int()} and {@code float()} on strings, and {@code repr()} of a float. Hand-written, no regular
 * expressions.
 */
final class PythonNumbers {

  private PythonNumbers() {}

  /**
   * dlt's bigint ← string: trimmed; a lower-case {@code 0x} prefix means hexadecimal; otherwise
   * Python {@code int()} (sign, Unicode decimal digits, single {@code _} between digits). Null when
   * it does not parse.
   */
  static BigInteger parseInt(String raw) {
    String s = NamingConvention.trim(raw);
    if (s.startsWith("0x")) {
      return digits(s, 2, 16);
    }
    int start = 0;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      negative = s.charAt(0) == '-';
      start = 1;
    }
    BigInteger value = digits(s, start, 10);
    return value == null ? null : negative ? value.negate() : value;
  }

  /** Digits (with single underscores between them) from {@code start} to the end; null if none. */
  private static BigInteger digits(String s, int start, int radix) {
    if (start >= s.length()) {
      return null;
    }
    StringBuilder ascii = new StringBuilder(s.length() - start);
    boolean lastWasDigit = false;
    for (int i = start; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '_') {
        if (!lastWasDigit) {
          return null;
        }
        lastWasDigit = false;
        continue;
      }
      int d = Character.digit(cp, radix);
      if (d < 0 || (radix == 10 && Character.getType(cp) != Character.DECIMAL_DIGIT_NUMBER)) {
        return null;
      }
      ascii.append(Character.forDigit(d, radix));
      lastWasDigit = true;
    }
    if (!lastWasDigit) {
      return null;
    }
    return new BigInteger(ascii.toString(), radix);
  }

  /**
   * dlt's double ← string: trimmed; {@code 0x} means a hexadecimal integer; otherwise Python {@code
   * float()}, which also accepts {@code nan}, {@code inf} and {@code infinity} in any case. Null
   * when it does not parse.
   */
  static Double parseFloat(String raw) {
    String s = NamingConvention.trim(raw);
    if (s.startsWith("0x")) {
      BigInteger hex = digits(s, 2, 16);
      return hex == null ? null : hex.doubleValue();
    }
    if (s.isEmpty()) {
      return null;
    }
    int start = 0;
    boolean negative = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      negative = s.charAt(0) == '-';
      start = 1;
    }
    String body = s.substring(start);
    if (body.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    StringBuilder ascii = new StringBuilder(s.length());
    if (negative) {
      ascii.append('-');
    }
    // state: 0 integer digits, 1 fraction digits, 2 exponent digits
    int state = 0;
    boolean lastWasDigit = false;
    boolean mantissaDigits = false;
    boolean exponentDigits = false;
    for (int i = 0; i < body.length(); ) {
      int cp = body.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '_') {
        if (!lastWasDigit || i >= body.length()) {
          return null;
        }
        int next = body.codePointAt(i);
        if (Character.getType(next) != Character.DECIMAL_DIGIT_NUMBER) {
          return null;
        }
        lastWasDigit = false;
        continue;
      }
      if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
        ascii.append((char) ('0' + Character.digit(cp, 10)));
        lastWasDigit = true;
        if (state == 2) {
          exponentDigits = true;
        } else {
          mantissaDigits = true;
        }
        continue;
      }
      lastWasDigit = false;
      if (cp == '.' && state == 0) {
        state = 1;
        ascii.append('.');
      } else if ((cp == 'e' || cp == 'E') && state < 2 && mantissaDigits) {
        state = 2;
        ascii.append('e');
        if (i < body.length() && (body.charAt(i) == '+' || body.charAt(i) == '-')) {
          ascii.append(body.charAt(i));
          i++;
        }
      } else {
        return null;
      }
    }
    if (!mantissaDigits || (state == 2 && !exponentDigits)) {
      return null;
    }
    return Double.parseDouble(ascii.toString());
  }

  /** Python's {@code repr(float)}: shortest round-trip digits, {@code .0} kept, {@code 1e+20}. */
  static String repr(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0.0" : "0.0";
    }
    String sign = v < 0 ? "-" : "";
    BigDecimal shortest = shortest(Math.abs(v));
    String digits = shortest.unscaledValue().toString();
    // value = 0.digits × 10^pointPos
    int pointPos = digits.length() - shortest.scale();
    int exp10 = pointPos - 1; // value = d.ddd × 10^exp10
    StringBuilder out = new StringBuilder(sign);
    if (exp10 >= -4 && exp10 < 16) {
      if (pointPos <= 0) {
        out.append("0.").append("0".repeat(-pointPos)).append(digits);
      } else if (pointPos >= digits.length()) {
        out.append(digits).append("0".repeat(pointPos - digits.length())).append(".0");
      } else {
        out.append(digits, 0, pointPos).append('.').append(digits.substring(pointPos));
      }
    } else {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits.substring(1));
      }
      out.append('e').append(exp10 < 0 ? '-' : '+');
      int abs = Math.abs(exp10);
      if (abs < 10) {
        out.append('0');
      }
      out.append(abs);
    }
    return out.toString();
  }

  /**
   * The shortest decimal that reads back as the positive finite {@code abs}, the closest one when
   * several are as short (Python's and ryu's choice), trailing zeros stripped. Java 17's {@code
   * Double.toString} is not always the shortest.
   */
  static BigDecimal shortest(double abs) {
    BigDecimal exact = new BigDecimal(abs);
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == abs) {
        return candidate.stripTrailingZeros();
      }
    }
    return exact.stripTrailingZeros();
  }
}
