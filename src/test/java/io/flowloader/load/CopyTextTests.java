package io.flowloader.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.normalize.DataType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** COPY text-format encoding of single values. */
class CopyTextTests {

  static String encode(DataType type, Object value) {
    StringBuilder sb = new StringBuilder();
    CopyText.appendValue(sb, type, value);
    return sb.toString();
  }

  @Test
  void stringsEscapeOnlyWhatCopyInterprets() {
    assertThat(encode(DataType.TEXT, "a\tb\nc\rd\\e")).isEqualTo("a\\tb\\nc\\rd\\\\e");
    assertThat(encode(DataType.TEXT, "\\N")).isEqualTo("\\\\N");
    assertThat(encode(DataType.TEXT, "")).isEmpty();
    assertThat(encode(DataType.TEXT, null)).isEqualTo("\\N");
    assertThat(encode(DataType.TEXT, "😀 \u0001 ' \"")).isEqualTo("😀 \u0001 ' \"");
    assertThat(encode(DataType.TEXT, "a\u0000b")).isEqualTo("a\uFFFDb");
  }

  @Test
  void numbersBooleansAndTimestamps() {
    assertThat(encode(DataType.DOUBLE, Double.NaN)).isEqualTo("NaN");
    assertThat(encode(DataType.DOUBLE, Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    assertThat(encode(DataType.DOUBLE, 1e300)).isEqualTo("1.0E300");
    assertThat(encode(DataType.BIGINT, Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
    assertThat(encode(DataType.DECIMAL, new BigDecimal("1E+30")))
        .isEqualTo("1000000000000000000000000000000");
    assertThat(encode(DataType.BOOL, true)).isEqualTo("t");
    assertThat(encode(DataType.TIMESTAMP, OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
        .isEqualTo("0001-01-01 00:00:00.000000+00:00");
    assertThat(
            encode(
                DataType.TIMESTAMP,
                OffsetDateTime.of(
                    2025, 1, 1, 5, 30, 0, 123_456_000, ZoneOffset.ofHoursMinutes(5, 30))))
        .isEqualTo("2025-01-01 00:00:00.123456+00:00");
  }
}
