package io.flowloader.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantsTests {

  /** What CursorTracker.instant did before the fast path: the java.time parsers in turn. */
  private static Instant reference(String value) {
    if (value == null || value.length() < 10 || !Character.isDigit(value.charAt(0))) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static void assertAgrees(String value) {
    Instant fast = IsoInstants.parse(value);
    Instant expected = reference(value);
    if (fast != null) {
      assertThat(fast).as(value).isEqualTo(expected);
    }
    assertThat(CursorTracker.instant(value)).as(value).isEqualTo(expected);
  }

  @Test
  void commonFormsAreParsedWithoutFallingBack() {
    assertThat(IsoInstants.parse("2025-01-20T16:45:31.902Z"))
        .isEqualTo(Instant.parse("2025-01-20T16:45:31.902Z"));
    assertThat(IsoInstants.parse("2025-01-20T16:45:31.9020000+00:00"))
        .isEqualTo(Instant.parse("2025-01-20T16:45:31.902Z"));
    assertThat(IsoInstants.parse("2025-01-20T18:45:31+02:00"))
        .isEqualTo(Instant.parse("2025-01-20T16:45:31Z"));
    assertThat(IsoInstants.parse("2025-01-20T16:45:31.123456789"))
        .isEqualTo(Instant.parse("2025-01-20T16:45:31.123456789Z"));
    assertThat(IsoInstants.parse("2024-02-29")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
  }

  @Test
  void edgeCasesAgreeWithJavaTime() {
    List<String> values =
        List.of(
            "2025-01-20T16:45:31.902Z",
            "2025-01-20t16:45:31.902z",
            "2025-01-20T16:45:31.Z",
            "2025-01-20T16:45:31.1234567890Z",
            "2025-01-20T16:45Z",
            "2025-01-20T16:45",
            "2025-01-20T24:00:00Z",
            "2025-01-20T23:59:60Z",
            "2025-02-29T00:00:00Z",
            "2024-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-00-10T00:00:00Z",
            "2025-01-00T00:00:00Z",
            "2025-04-31",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999-18:00",
            "2025-01-20T16:45:31+18:00",
            "2025-01-20T16:45:31+18:01",
            "2025-01-20T16:45:31+19:00",
            "2025-01-20T16:45:31-00:00",
            "2025-01-20T16:45:31+0200",
            "2025-01-20T16:45:31+02",
            "2025-01-20T16:45:31+02:00:30",
            "2025-01-20T16:45:31+02:00[Europe/Paris]",
            "2025-01-20 16:45:31Z",
            "2025-01-20T16:45:31ZZ",
            "2025-01-20T1a:45:31Z",
            "+2025-01-20T16:45:31Z",
            "20250120T164531Z",
            "2025-01-20x",
            "12345678901",
            "2025-1-20T16:45:31Z",
            "２０２５-01-20T16:45:31Z");
    values.forEach(IsoInstantsTests::assertAgrees);
  }

  @Test
  void randomDateTimesAgreeWithJavaTime() {
    Random random = new Random(7);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      int year = random.nextInt(10_000);
      int month = 1 + random.nextInt(12);
      int day = 1 + random.nextInt(31);
      StringBuilder b = new StringBuilder();
      b.append(String.format("%04d-%02d-%02d", year, month, day));
      if (random.nextInt(10) > 0) {
        b.append(
            String.format(
                "T%02d:%02d:%02d", random.nextInt(25), random.nextInt(61), random.nextInt(61)));
        int fraction = random.nextInt(11);
        if (fraction > 0) {
          b.append('.');
          for (int k = 0; k < fraction - 1; k++) {
            b.append((char) ('0' + random.nextInt(10)));
          }
        }
        switch (random.nextInt(4)) {
          case 0 -> b.append('Z');
          case 1 ->
              b.append(random.nextBoolean() ? '+' : '-')
                  .append(String.format("%02d:%02d", random.nextInt(20), random.nextInt(61)));
          case 2 -> {
            // no offset
          }
          default -> b.append("+00:00");
        }
      }
      values.add(b.toString());
    }
    values.forEach(IsoInstantsTests::assertAgrees);
  }
}
