package io.flowloader.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** dlt's timestamp detection, storage and coercion (docs/dlt-compatibility.md, "Types"). */
class TimestampsTests {

  @ParameterizedTest(name = "detected: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2015-10-23T10:44:44Z|2015-10-23T10:44:44Z",
        "2015-10-23T09:14:02.417Z|2015-10-23T09:14:02.417Z",
        "2015-10-23T08:30:10.045564Z|2015-10-23T08:30:10.045564Z",
        "2015-10-23T10:44:44+00:00|2015-10-23T10:44:44Z",
        "2015-10-23T10:44:44-05:30|2015-10-23T16:14:44Z",
        "2015-10-23T10:44:44-0530|2015-10-23T16:14:44Z",
        "2015-10-23T10:44:44+0000|2015-10-23T10:44:44Z",
        "2015-10-23T10:44:44+05|2015-10-23T05:44:44Z",
        "2015-10-23T10:44:44-00:00|2015-10-23T10:44:44Z",
        "2025-01-01T10:00:00.3195324Z|2025-01-01T10:00:00.319532Z",
        "2025-01-01T10:00:00.123456789Z|2025-01-01T10:00:00.123456Z",
        "2025-01-01T10:00:00.5Z|2025-01-01T10:00:00.5Z",
        "2025-01-01T10:00:00,5Z|2025-01-01T10:00:00.5Z",
        "2025-01-01T10:00:00|2025-01-01T10:00:00Z",
        "2025-01-01 10:00:00|2025-01-01T10:00:00Z",
        "2025-01-01 10:00:00Z|2025-01-01T10:00:00Z",
        "2025-01-01T10:00|2025-01-01T10:00:00Z",
        "2025-01-01T10|2025-01-01T10:00:00Z",
        "2025-01-01T00:00Z|2025-01-01T00:00:00Z",
        "20250101T101010Z|2025-01-01T10:10:10Z",
        "2025/01/15 10:00|2025-01-15T10:00:00Z",
        "0001-01-01T00:00:00Z|0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+00:00|0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z|9999-12-31T23:59:59.999999Z",
        "2024-02-29T12:00:00+00:00|2024-02-29T12:00:00Z",
        "2025-01-01T10:00:22.9999999Z|2025-01-01T10:00:22.999999Z",
        "2025-01-01T10:00:59.9999995Z|2025-01-01T10:00:59.999999Z",
      })
  void detected(String text, String utc) {
    assertThat(Timestamps.detect(text)).isEqualTo(OffsetDateTime.parse(utc));
  }

  @ParameterizedTest(name = "not detected: \"{0}\"")
  @ValueSource(
      strings = {
        "2025-01-01",
        "20250101",
        "2025/01/15",
        "2025",
        "2025-01",
        "2025-W05-3",
        "2025-001",
        "10:00:00",
        "0001-01-00T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "2025-02-29T00:00:00Z",
        "2025-02-30T00:00:00Z",
        "2025-13-01T00:00:00Z",
        "2025-01-01T24:00",
        "2025-01-01T25:00",
        "2025-12-31T23:59:60Z",
        "2025-01-01t10:00:00z",
        " 2025-01-01T10:00:00Z",
        "2025-01-01T10:00:00Z ",
        "2025-1-1T1:2:3Z",
        "Z",
        "2025-01-01T10:00:00.Z",
        "Mon, 01 Jan 2025 10:00:00 GMT",
        "1700000000",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:00:00-05:00",
        "d51ce9a9-d8c5-5157-af5a-0d96c40b2d14",
        ""
      })
  void notDetected(String text) {
    assertThat(Timestamps.detect(text)).isNull();
  }

  @ParameterizedTest(name = "coerced: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2025-01-02|2025-01-02T00:00:00Z",
        "2025|2025-01-01T00:00:00Z",
        "1700000000|2023-11-14T22:13:20Z",
        "2025-02-03T04:05:06Z|2025-02-03T04:05:06Z",
      })
  void coercedFromStrings(String text, String utc) {
    assertThat(Timestamps.coerce(text)).isEqualTo(OffsetDateTime.parse(utc));
  }

  @Test
  void stringsThatAreNoTimestampsDoNotCoerce() {
    assertThat(Timestamps.coerce("not a date")).isNull();
    assertThat(Timestamps.coerce("2025-13-01T00:00:00Z")).isNull();
    assertThat(Timestamps.coerce("R-17")).isNull();
  }

  @Test
  void epochSecondsCoerce() {
    assertThat(Timestamps.fromEpochSeconds(1735689600L))
        .isEqualTo(OffsetDateTime.parse("2025-01-01T00:00:00Z"));
    assertThat(Timestamps.fromEpochSeconds(1700000000.25d))
        .isEqualTo(OffsetDateTime.parse("2023-11-14T22:13:20.25Z"));
    assertThat(Timestamps.fromEpochSeconds(0L))
        .isEqualTo(OffsetDateTime.parse("1970-01-01T00:00:00Z"));
    assertThat(Timestamps.fromEpochSeconds(1e11))
        .isEqualTo(OffsetDateTime.parse("5138-11-16T09:46:40Z"));
    assertThat(Timestamps.fromEpochSeconds(1e12)).isNull();
  }
}
