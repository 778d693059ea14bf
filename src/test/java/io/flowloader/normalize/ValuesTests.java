package io.flowloader.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** dlt's types and coercions, and the repairs beyond dlt (docs/dlt-compatibility.md). */
class ValuesTests {

  private static JsonNode json(String text) {
    return JsonMapper.shared().readTree(text);
  }

  private static Object coerce(DataType target, String jsonValue) {
    JsonNode v = json(jsonValue);
    return Values.coerce(target, v, v.isString() ? v.stringValue() : null);
  }

  @Test
  void typesOfNewColumns() {
    assertThat(Values.infer(json("\"2025-01-01T00:00:00Z\""), "2025-01-01T00:00:00Z"))
        .isEqualTo(DataType.TIMESTAMP);
    assertThat(Values.infer(json("\"2025-01-01\""), "2025-01-01")).isEqualTo(DataType.TEXT);
    assertThat(Values.infer(json("1"), null)).isEqualTo(DataType.BIGINT);
    assertThat(Values.infer(json("9223372036854775807"), null)).isEqualTo(DataType.BIGINT);
    assertThat(Values.infer(json("9223372036854775808"), null)).isEqualTo(DataType.DECIMAL);
    assertThat(Values.infer(json("1.0"), null)).isEqualTo(DataType.DOUBLE);
    assertThat(Values.infer(json("1e2"), null)).isEqualTo(DataType.DOUBLE);
    assertThat(Values.infer(json("true"), null)).isEqualTo(DataType.BOOL);
  }

  @ParameterizedTest(name = "bigint <- {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"20\"|20",
        "\"007\"|7",
        "\" 42 \"|42",
        "\"1_000\"|1000",
        "\"0x1F\"|31",
        "\"١٢\"|12",
        "4.0|4",
        "-0.0|0",
        "-9223372036854775808|-9223372036854775808"
      })
  void bigintCoercions(String value, long expected) {
    assertThat(coerce(DataType.BIGINT, value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "bigint fails <- {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"7.0\"",
        "\"twenty\"",
        "\"0x\"",
        "7.9",
        "2.5",
        "true",
        "9223372036854775808",
        "\"1__0\""
      })
  void bigintFailures(String value) {
    assertThat(coerce(DataType.BIGINT, value)).isSameAs(Values.FAIL);
  }

  @Test
  void doubleCoercions() {
    assertThat(coerce(DataType.DOUBLE, "1")).isEqualTo(1.0);
    assertThat(coerce(DataType.DOUBLE, "-0.0")).isEqualTo(0.0);
    assertThat(coerce(DataType.DOUBLE, "\"0.75\"")).isEqualTo(0.75);
    assertThat(coerce(DataType.DOUBLE, "\"4.5e1\"")).isEqualTo(45.0);
    assertThat(coerce(DataType.DOUBLE, "\"-12.5e-1\"")).isEqualTo(-1.25);
    assertThat(coerce(DataType.DOUBLE, "\"1E300\"")).isEqualTo(1e300);
    assertThat(coerce(DataType.DOUBLE, "9223372036854775808")).isEqualTo(9.223372036854776e18);
    assertThat(coerce(DataType.DOUBLE, "\"n/a\"")).isSameAs(Values.FAIL);
    assertThat(coerce(DataType.DOUBLE, "true")).isSameAs(Values.FAIL);
    assertThat(coerce(DataType.DOUBLE, "\"1d\"")).isSameAs(Values.FAIL);
    assertThat(coerce(DataType.DOUBLE, "\"0x1p3\"")).isSameAs(Values.FAIL);
    // beyond dlt: stored as PostgreSQL's NaN / Infinity instead of breaking the load
    assertThat((Double) coerce(DataType.DOUBLE, "\"nan\"")).isNaN();
    assertThat(coerce(DataType.DOUBLE, "\"NaN\"")).isEqualTo(Double.NaN);
    assertThat(coerce(DataType.DOUBLE, "\"Infinity\"")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(coerce(DataType.DOUBLE, "\"-Infinity\"")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(coerce(DataType.DOUBLE, "\"inf\"")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(coerce(DataType.DOUBLE, "\"1e999\"")).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void boolCoercions() {
    for (String yes : new String[] {"\"true\"", "\"TRUE\"", "\"T\"", "\"yes\"", "\"y\"", "\"1\""}) {
      assertThat(coerce(DataType.BOOL, yes)).as(yes).isEqualTo(true);
    }
    for (String no : new String[] {"\"false\"", "\"f\"", "\"no\"", "\"n\"", "\"0\""}) {
      assertThat(coerce(DataType.BOOL, no)).as(no).isEqualTo(false);
    }
    for (String bad : new String[] {"\"on\"", "\"perhaps\"", "\"\""}) {
      assertThat(coerce(DataType.BOOL, bad)).as(bad).isSameAs(Values.FAIL);
    }
    assertThat(coerce(DataType.BOOL, "1")).isEqualTo(true);
    assertThat(coerce(DataType.BOOL, "2")).isEqualTo(true);
    assertThat(coerce(DataType.BOOL, "0.0")).isEqualTo(false);
    assertThat(coerce(DataType.BOOL, "0")).isEqualTo(false);
  }

  @ParameterizedTest(name = "text <- {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "42|42",
        "18446744073709551615|18446744073709551615",
        "3.25|3.25",
        "2.0|2.0",
        "1e20|1e+20",
        "0.1|0.1",
        "1e-07|1e-07",
        "0.0001|0.0001",
        "0.00001|1e-05",
        "123456789012345.5|123456789012345.5",
        "1e16|1e+16",
        "1.5e300|1.5e+300",
        "-2.5|-2.5",
        "true|True",
        "false|False"
      })
  void textCoercions(String value, String expected) {
    assertThat(coerce(DataType.TEXT, value)).isEqualTo(expected);
  }

  @Test
  void timestampCoercions() {
    assertThat(coerce(DataType.TIMESTAMP, "1735689600"))
        .isEqualTo(OffsetDateTime.parse("2025-01-01T00:00:00Z"));
    assertThat(coerce(DataType.TIMESTAMP, "\"2025-01-02\""))
        .isEqualTo(OffsetDateTime.parse("2025-01-02T00:00:00Z"));
    assertThat(coerce(DataType.TIMESTAMP, "\"not a date\"")).isSameAs(Values.FAIL);
    assertThat(coerce(DataType.TIMESTAMP, "1e12")).isSameAs(Values.FAIL);
    assertThat(coerce(DataType.TIMESTAMP, "true")).isSameAs(Values.FAIL);
  }

  @Test
  void decimalsHoldHugeIntegers() {
    assertThat(coerce(DataType.DECIMAL, "18446744073709551616"))
        .isEqualTo(new BigDecimal("18446744073709551616"));
    assertThat(coerce(DataType.DECIMAL, "5")).isEqualTo(new BigDecimal(5));
    assertThat(coerce(DataType.DECIMAL, "true")).isSameAs(Values.FAIL);
  }

  @Test
  void numbersBeyondDoubleAreStoredAsNull() {
    assertThat(coerce(DataType.DOUBLE, "1e400")).isSameAs(Values.NULL);
  }

  @Test
  void invalidCharactersAreReplaced() {
    String ok = "emoji 😀 fine";
    assertThat(Values.sanitize(ok)).isSameAs(ok);
    assertThat(Values.sanitize("nul\u0000byte")).isEqualTo("nul\uFFFDbyte");
    assertThat(Values.sanitize("lone\uD800")).isEqualTo("lone\uFFFD");
    assertThat(Values.sanitize("\uDC00x")).isEqualTo("\uFFFDx");
    assertThat(Values.sanitizeJson("{\"a\":\"x\\u0000\"}")).isEqualTo("{\"a\":\"x\\ufffd\"}");
  }

  @Test
  void pythonRepr() {
    assertThat(PythonNumbers.repr(0.0)).isEqualTo("0.0");
    assertThat(PythonNumbers.repr(-0.0)).isEqualTo("-0.0");
    assertThat(PythonNumbers.repr(100.0)).isEqualTo("100.0");
    assertThat(PythonNumbers.repr(1234567890123456.0)).isEqualTo("1234567890123456.0");
    assertThat(PythonNumbers.repr(9.223372036854776e18)).isEqualTo("9.223372036854776e+18");
    assertThat(PythonNumbers.repr(5e-324)).isEqualTo("5e-324");
  }
}
