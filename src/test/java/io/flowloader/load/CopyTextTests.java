package io.flowloader.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowloader.normalize.DataType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** COPY text-format encoding of single values, as the staging writer sends them. */
class CopyTextTests {

  static String encode(DataType type, Object value) {
    CopyBytes out = new CopyBytes(16);
    out.appendValue(type, value);
    return new String(out.array(), 0, out.length(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void stringsEscapeOnlyWhatCopyInterprets() {
    assertThat(encode(DataType.TEXT, "a\tb\nc\rd\\e")).isEqualTo("a\\tb\\nc\\rd\\\\e");
    assertThat(encode(DataType.TEXT, "\\N")).isEqualTo("\\\\N");
    assertThat(encode(DataType.TEXT, "")).isEmpty();
    assertThat(encode(DataType.TEXT, null)).isEqualTo("\\N");
    assertThat(encode(DataType.TEXT, "😀 \u0001 ' \"")).isEqualTo("😀 \u0001 ' \"");
    assertThat(encode(DataType.TEXT, "a\u0000b")).isEqualTo("a\uFFFDb");
    assertThat(encode(DataType.TEXT, "\\\\x\ty\n")).isEqualTo("\\\\\\\\x\\ty\\n");
    assertThat(encode(DataType.TEXT, "Größe\t✓\r😀\u0000]^_`"))
        .isEqualTo("Größe\\t✓\\r😀\uFFFD]^_`");
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

  /** The formatter used for every timestamp before the hand-written fast path. */
  private static final java.time.format.DateTimeFormatter OLD =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

  private static String old(Object value) {
    OffsetDateTime t =
        value instanceof java.time.Instant i
            ? i.atOffset(ZoneOffset.UTC)
            : OffsetDateTime.from((java.time.temporal.TemporalAccessor) value);
    return OLD.format(t.withOffsetSameInstant(ZoneOffset.UTC));
  }

  @Test
  void timestampsAreFormattedExactlyAsByTheOldFormatter() {
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 50_000; i++) {
      int year = i % 50 == 0 ? random.nextInt(40_000) - 20_000 : 1 + random.nextInt(9999);
      int nanos =
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      ZoneOffset offset =
          random.nextBoolean()
              ? ZoneOffset.UTC
              : ZoneOffset.ofTotalSeconds((random.nextInt(36 * 60 + 1) - 18 * 60) * 60);
      OffsetDateTime t =
          OffsetDateTime.of(
              year,
              1 + random.nextInt(12),
              1 + random.nextInt(28),
              random.nextInt(24),
              random.nextInt(60),
              random.nextInt(60),
              nanos,
              offset);
      assertThat(encode(DataType.TIMESTAMP, t)).as(t.toString()).isEqualTo(old(t));
      java.time.Instant instant = t.toInstant();
      assertThat(encode(DataType.TIMESTAMP, instant))
          .as(instant.toString())
          .isEqualTo(old(instant));
    }
    OffsetDateTime max = OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.UTC);
    OffsetDateTime min =
        OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-3)); // year 1 in UTC too
    OffsetDateTime yearZero = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(3));
    for (OffsetDateTime t : java.util.List.of(max, min, yearZero)) {
      assertThat(encode(DataType.TIMESTAMP, t)).as(t.toString()).isEqualTo(old(t));
    }
    java.time.ZonedDateTime zoned =
        java.time.ZonedDateTime.of(2025, 3, 30, 2, 30, 0, 0, java.time.ZoneId.of("Europe/Paris"));
    assertThat(encode(DataType.TIMESTAMP, zoned)).isEqualTo(old(zoned));
  }
}
