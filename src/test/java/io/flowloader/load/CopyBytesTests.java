package io.flowloader.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowloader.normalize.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The UTF-8 COPY encoder of the staging sender against the StringBuilder encoder it replaced. */
class CopyBytesTests {

  /** The text the writer used to send: StringBuilder, then String, then UTF-8 bytes. */
  private static byte[] viaStringBuilder(DataType[] types, List<Object[]> rows, long firstSeq) {
    StringBuilder out = new StringBuilder();
    long seq = firstSeq;
    for (Object[] values : rows) {
      out.append(seq++);
      for (int i = 0; i < types.length; i++) {
        out.append('\t');
        CopyTextReference.appendValue(out, types[i], i < values.length ? values[i] : null);
      }
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] viaBytes(DataType[] types, List<Object[]> rows, long firstSeq) {
    CopyBytes out = new CopyBytes(1); // grows from nothing: exercises every resize
    long seq = firstSeq;
    for (Object[] values : rows) {
      out.appendLong(seq++);
      for (int i = 0; i < types.length; i++) {
        out.append('\t');
        out.appendValue(types[i], i < values.length ? values[i] : null);
      }
      out.append('\n');
    }
    return Arrays.copyOf(out.array(), out.length());
  }

  private static void assertSame(DataType type, Object value) {
    DataType[] types = {type};
    List<Object[]> rows = List.<Object[]>of(new Object[] {value});
    assertThat(viaBytes(types, rows, 1))
        .as("%s %s", type, value)
        .isEqualTo(viaStringBuilder(types, rows, 1));
  }

  @Test
  void stringsMatchTheOldEncoderIncludingEscapesNonBmpAndLoneSurrogates() {
    String[] samples = {
      "",
      "plain ascii",
      "a\tb\nc\rd\\e",
      "\\N",
      "😀 \u0001 ' \"",
      "a\u0000b",
      "\\\\x\ty\n",
      "Größe\t✓\r😀\u0000]^_`",
      "\uD83D", // lone high surrogate at the end
      "\uDE00x", // lone low surrogate
      "x\uD83Dy\uDE00z",
      "\uD83D\uDE00\uD83D\uDE00",
      "\u007F\u0080\u07FF\u0800\uFFFF\uFFFD\uE000",
      "\u001F\u000B\u000C\u0008",
      "日本語のテキスト",
      "{\"json\": \"with \\\"quotes\\\" and \\\\u0000\"}",
    };
    for (String s : samples) {
      assertSame(DataType.TEXT, s);
      assertSame(DataType.JSON, s);
    }
    assertSame(DataType.TEXT, null);
    assertSame(DataType.TEXT, 42L); // String.valueOf of a non-string
  }

  @Test
  void randomStringsMatchTheOldEncoder() {
    Random random = new Random(7);
    char[] interesting = {
      '\\', '\t', '\n', '\r', '\0', '\u0001', 'a', 'Z', ' ', 'é', 'ß', '\u00FF', '\u0100', '✓',
      '\uD83D', '\uDE00', '\uDBFF', '\uDFFF', '\uFFFD', '\u4E00', '"', '\u007F', '\u0080'
    };
    for (int n = 0; n < 5_000; n++) {
      int length = random.nextInt(40);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < length; i++) {
        switch (random.nextInt(4)) {
          case 0 -> sb.append(interesting[random.nextInt(interesting.length)]);
          case 1 -> sb.appendCodePoint(0x10000 + random.nextInt(0x100000));
          case 2 -> sb.append((char) random.nextInt(0x10000));
          default -> sb.append((char) (' ' + random.nextInt(95)));
        }
      }
      assertSame(DataType.TEXT, sb.toString());
    }
  }

  @Test
  void numbersBooleansAndTimestampsMatchTheOldEncoder() {
    for (long v :
        new long[] {
          0,
          1,
          -1,
          9,
          10,
          99,
          100,
          123456789,
          999_999_999_999_999_999L,
          1_000_000_000_000_000_000L,
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          Long.MIN_VALUE + 1
        }) {
      assertSame(DataType.BIGINT, v);
    }
    assertSame(DataType.BIGINT, 7);
    assertSame(DataType.BIGINT, new BigInteger("123456789012345678901234567890"));
    assertSame(DataType.BIGINT, new BigDecimal("12E3"));
    for (double d :
        new double[] {
          0.0, -0.0, 1.5, -2.25e-300, 1e300, Double.NaN, Double.POSITIVE_INFINITY, 1e-7, 0.1
        }) {
      assertSame(DataType.DOUBLE, d);
    }
    assertSame(DataType.DECIMAL, new BigDecimal("1E+30"));
    assertSame(DataType.DECIMAL, new BigDecimal("-0.000123"));
    assertSame(DataType.DECIMAL, 12L);
    assertSame(DataType.BOOL, true);
    assertSame(DataType.BOOL, false);
    Random random = new Random(11);
    for (int n = 0; n < 2_000; n++) {
      long seconds = random.nextLong() % 400_000_000_000L; // years about -10700 to 14600
      OffsetDateTime t =
          Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000)).atOffset(ZoneOffset.UTC);
      assertSame(DataType.TIMESTAMP, t);
      assertSame(DataType.TIMESTAMP, t.withOffsetSameInstant(ZoneOffset.ofHours(5)));
      assertSame(DataType.TIMESTAMP, t.toInstant());
    }
    assertSame(DataType.TIMESTAMP, OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    assertSame(
        DataType.TIMESTAMP,
        OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.UTC));
    assertSame(
        DataType.TIMESTAMP,
        java.time.ZonedDateTime.of(LocalDateTime.of(2024, 2, 29, 12, 0), ZoneOffset.UTC));
    for (DataType type : DataType.values()) {
      assertSame(type, null);
    }
  }

  @Test
  void rowsOfManyColumnsMatchTheOldEncoder() {
    DataType[] types = {
      DataType.TEXT,
      DataType.BIGINT,
      DataType.DOUBLE,
      DataType.BOOL,
      DataType.TIMESTAMP,
      DataType.DECIMAL,
      DataType.JSON,
      DataType.TEXT
    };
    List<Object[]> rows = new ArrayList<>();
    Random random = new Random(3);
    for (int n = 0; n < 1_000; n++) {
      Object[] values =
          new Object[] {
            n % 5 == 0 ? "" : "name\t" + n + (n % 3 == 0 ? "😀" : ""),
            n % 7 == 0 ? null : random.nextLong(),
            random.nextDouble(),
            n % 2 == 0,
            OffsetDateTime.of(
                2024, 1, 1 + n % 28, n % 24, n % 60, n % 60, n * 1000, ZoneOffset.UTC),
            new BigDecimal(random.nextInt()).movePointLeft(n % 9),
            "{\"k\":\"v\\\\" + n + "\"}",
            "last"
          };
      // shorter rows: the later columns are NULL
      rows.add(n % 4 == 0 ? Arrays.copyOf(values, 3) : values);
    }
    assertThat(viaBytes(types, rows, 1_000_000_000_000L))
        .isEqualTo(viaStringBuilder(types, rows, 1_000_000_000_000L));
  }

  @Test
  void valuesOfTheWrongTypeAreRejectedAsBefore() {
    CopyBytes out = new CopyBytes(16);
    assertThatThrownBy(() -> out.appendValue(DataType.BOOL, "yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a boolean");
    assertThatThrownBy(() -> out.appendValue(DataType.DOUBLE, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void estimatedCharsIsExactForPlainStrings() {
    Object[] values = {"abc", "", null};
    byte[] encoded =
        viaBytes(
            new DataType[] {DataType.TEXT, DataType.TEXT, DataType.TEXT, DataType.TEXT},
            List.<Object[]>of(values),
            1);
    // "1\tabc\t\t\\N\t\\N\n": the estimate reserves 8 characters for the sequence number
    assertThat(StagingWriter.estimatedChars(values, 4)).isEqualTo(encoded.length - 1 + 8);
  }
}
